// What a person reads when the engine fails (src/extension/engineMessages.ts).
import assert from 'node:assert/strict';
import { ENGINE_ERROR_CODES, ENGINE_PROTOCOL_VERSION, type NativeModuleFailure } from '../../../src/shared/protocol';
import { PassThrough } from 'node:stream';
import * as rpc from 'vscode-jsonrpc/node';
import { describeEngineError, ENGINE_GONE_MESSAGE, nativeModuleMessage, parseNativeFailure, protocolMismatchMessage } from '../../../src/extension/engineMessages';

const ctx = { nodeSetting: 'node', extensionPath: '/home/me/.vscode/extensions/distillery' };
const failure = (f: Partial<NativeModuleFailure>): NativeModuleFailure =>
  ({ distillery: 'native-module-error', kind: 'other', nodeAbi: 127, node: 'v22.3.0', runtime: 'linux-x64', message: 'x', ...f });

describe('engine error messages', () => {
  it('tells a person\'s mistake from a crash by the error code, with the file and line', () => {
    const mistake = describeEngineError({ code: ENGINE_ERROR_CODES.InvalidInput, message: 'invalid JSON', data: { kind: 'InvalidInput', file: '/data/a.jsonl', line: 7 } });
    assert.deepEqual([mistake.kind, mistake.userError, mistake.message], ['InvalidInput', true, 'a.jsonl:7: invalid JSON']);
    assert.equal(describeEngineError({ code: ENGINE_ERROR_CODES.NotFound, message: "no data set named 'x'" }).userError, true);
    assert.equal(describeEngineError({ code: ENGINE_ERROR_CODES.Busy, message: 'database is locked' }).userError, true);
    const crash = describeEngineError({ code: ENGINE_ERROR_CODES.Internal, message: 'boom' });
    assert.deepEqual([crash.kind, crash.userError], ['Internal', false]);
    assert.deepEqual([describeEngineError(new Error('no engine')).kind, describeEngineError('text').userError], ['Internal', false]);
    assert.equal(describeEngineError({ code: -32800, message: 'cancelled' }).kind, 'Cancelled');
  });

  it('says the engine stopped when its process ended with a request unanswered (not vscode-jsonrpc\'s words)', async () => {
    // A real connection whose other end never answers, disposed as the client does when the process exits.
    const toEngine = new PassThrough();
    const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(new PassThrough()), new rpc.StreamMessageWriter(toEngine));
    conn.listen();
    const pending = conn.sendRequest('review/setStatus', { id: 1, status: 'accepted' });
    conn.dispose();
    const e = await pending.then(() => assert.fail('answered'), (err: unknown) => err);
    const d = describeEngineError(e);
    assert.deepEqual([d.message, d.kind, d.userError], [ENGINE_GONE_MESSAGE, 'Internal', false]);
    assert.doesNotMatch(d.message, /disposed|Pending response/);
  });

  it('does not repeat a file the message already names', () => {
    const e = describeEngineError({ code: ENGINE_ERROR_CODES.NotFound, message: "ENOENT: no such file or directory, open '/data/a.jsonl'", data: { kind: 'NotFound', file: '/data/a.jsonl' } });
    assert.equal(e.message, "ENOENT: no such file or directory, open '/data/a.jsonl'");
  });

  it('says nothing when the protocols match, and what to do when they do not', () => {
    assert.equal(protocolMismatchMessage(ENGINE_PROTOCOL_VERSION, ENGINE_PROTOCOL_VERSION), undefined);
    assert.match(protocolMismatchMessage(1, 2)!, /protocol 1.*protocol 2.*Reload the window/);
    assert.match(protocolMismatchMessage(undefined, 2)!, /older build.*Reload the window.*npm run build/);
  });

  it('a module built for another Node ABI: what was expected, what was found, and the fix', () => {
    const m = nativeModuleMessage(failure({ kind: 'abi', builtAbi: 115 }), ctx);
    assert.equal(m, 'Distillery\'s SQLite module was built for Node ABI 115 (Node 20) but distillery.nodePath ("node") runs Node 22.3.0 (ABI 127): ' +
      'set distillery.nodePath to a Node 20, or run `npm rebuild better-sqlite3` with that Node in the extension folder (/home/me/.vscode/extensions/distillery).');
  });

  it('a module built for another platform names both platforms', () => {
    const m = nativeModuleMessage(failure({ kind: 'platform', builtFor: 'linux-x64', runtime: 'darwin-arm64' }), ctx);
    assert.match(m, /built for linux-x64 but distillery\.nodePath \("node"\) runs Node 22\.3\.0 on darwin-arm64: install the Distillery package built for darwin-arm64, or run `npm rebuild better-sqlite3`/);
    assert.match(nativeModuleMessage(failure({ kind: 'platform' }), ctx), /built for another platform or CPU/);
  });

  it('finds the engine\'s report among its stderr lines', () => {
    const f = failure({ kind: 'abi', builtAbi: 115 });
    assert.deepEqual(parseNativeFailure(JSON.stringify(f)), f);
    assert.equal(parseNativeFailure('distillery engine: cannot open database x.db'), undefined);
    assert.equal(parseNativeFailure('{"distillery":"native-module-error", broken'), undefined);
  });

  it('a missing module and an unknown failure still name the fix', () => {
    assert.match(nativeModuleMessage(failure({ kind: 'missing' }), ctx), /missing from the extension folder: run `npm rebuild better-sqlite3`/);
    assert.match(nativeModuleMessage(failure({ kind: 'other', message: 'libc.so.6: version GLIBC_2.38 not found\nmore' }), ctx),
      /loading it said "libc\.so\.6: version GLIBC_2\.38 not found"\. Set distillery\.nodePath to another Node\.js 20\+/);
  });
});
