// Engine failures as typed JSON-RPC errors (src/engine/errors.ts) and the native module's load errors
// (src/engine/nativeModule.ts), without a process.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENGINE_ERROR_CODES } from '../../../src/shared/protocol';
import { toEngineError } from '../../../src/engine/errors';
import { binaryTarget, classifyNativeError } from '../../../src/engine/nativeModule';
import { InvalidInputError, NotFoundError } from '../../../src/core/errors';
import { ImportCancelled } from '../../../src/core/ingest/importer';
import { UnknownDatasetError } from '../../../src/core/store/stats';

const rt = { abi: 127, node: 'v22.3.0', runtime: 'linux-x64' };

describe('engine errors', () => {
  it('a person\'s mistakes keep their kind, file and line; anything else is Internal', () => {
    assert.deepEqual(toEngineError(new InvalidInputError('bad row', { file: '/d/a.jsonl', line: 3 })),
      { code: ENGINE_ERROR_CODES.InvalidInput, message: 'bad row', data: { kind: 'InvalidInput', file: '/d/a.jsonl', line: 3 } });
    assert.equal(toEngineError(new NotFoundError('no sample 9')).code, ENGINE_ERROR_CODES.NotFound);
    assert.equal(toEngineError(new UnknownDatasetError("no dataset named 'x'")).data.kind, 'NotFound');
    assert.equal(toEngineError(new ImportCancelled()).code, -32800);
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/d/x.jsonl'"), { code: 'ENOENT', path: '/d/x.jsonl' });
    assert.deepEqual(toEngineError(enoent).data, { kind: 'NotFound', file: '/d/x.jsonl' });
    assert.equal(toEngineError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })).data.kind, 'Busy');
    assert.deepEqual(toEngineError(new TypeError("Cannot read properties of undefined (reading 'x')")),
      { code: ENGINE_ERROR_CODES.Internal, message: "Cannot read properties of undefined (reading 'x')", data: { kind: 'Internal' } });
  });
});

describe('native module load errors', () => {
  it('reads the ABIs from Node\'s own message', () => {
    const e = new Error("The module '/ext/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\n" +
      'NODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 127. Please try re-compiling or re-installing\nthe module.');
    const f = classifyNativeError(e, rt);
    assert.deepEqual([f.kind, f.builtAbi, f.nodeAbi, f.node, f.modulePath], ['abi', 115, 127, 'v22.3.0', '/ext/node_modules/better-sqlite3/build/Release/better_sqlite3.node']);
  });

  it('a binary for another platform: names what it was built for from its header', () => {
    const elfArm = Buffer.alloc(64);
    elfArm.writeUInt32BE(0x7f454c46, 0);
    elfArm[4] = 2;
    elfArm[5] = 1;
    elfArm.writeUInt16LE(0xb7, 18);
    const f = classifyNativeError(new Error('/ext/build/Release/better_sqlite3.node: invalid ELF header'), rt, () => elfArm);
    assert.deepEqual([f.kind, f.builtFor], ['platform', 'linux-arm64']);
    const mac = classifyNativeError(new Error("dlopen(/x/better_sqlite3.node, 0x0001): tried: '/x/better_sqlite3.node' (mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64'))"), rt, () => undefined);
    assert.equal(mac.kind, 'platform');
  });

  it('reads the real module\'s header', () => {
    const head = readFileSync(resolve('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')).subarray(0, 4096);
    assert.equal(binaryTarget(head), `${process.platform}-${process.arch}`);
  });

  it('a missing module, and anything else', () => {
    assert.equal(classifyNativeError(new Error('Could not locate the bindings file. Tried: ...'), rt).kind, 'missing');
    assert.equal(classifyNativeError(new Error('libc.so.6: version `GLIBC_2.38\' not found'), rt).kind, 'other');
  });
});
