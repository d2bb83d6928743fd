// Why better-sqlite3's native module did not load under this Node: built for another ABI, another platform or
// CPU, missing, or something else. Pure apart from reading the binary's first bytes; preflight.ts reports it.
import * as fs from 'node:fs';
import type { NativeModuleFailure } from '../shared/protocol';

export interface Runtime { abi: number; node: string; runtime: string }

export const THIS_RUNTIME: Runtime = { abi: Number(process.versions.modules), node: process.version, runtime: `${process.platform}-${process.arch}` };

const ELF_MACHINES: Record<number, string> = { 0x03: 'ia32', 0x28: 'arm', 0x3e: 'x64', 0xb7: 'arm64' };
const MACHO_CPUS: Record<number, string> = { 0x01000007: 'x64', 0x0100000c: 'arm64', 7: 'ia32', 12: 'arm' };
const PE_MACHINES: Record<number, string> = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64' };

/** "linux-x64", "darwin-arm64", "win32-x64"… from a binary's header; undefined when unreadable or unknown. */
export function binaryTarget(head: Buffer): string | undefined {
  if (head.length >= 20 && head.readUInt32BE(0) === 0x7f454c46) {
    const machine = head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
    return `linux-${ELF_MACHINES[machine] ?? `machine ${machine}`}`;
  }
  if (head.length >= 8 && head.readUInt32LE(0) === 0xfeedfacf) return `darwin-${MACHO_CPUS[head.readUInt32LE(4)] ?? 'unknown CPU'}`;
  if (head.length >= 4 && head.readUInt32BE(0) === 0xcafebabe) return 'darwin (universal)';
  if (head.length >= 0x40 && head.toString('latin1', 0, 2) === 'MZ') {
    const pe = head.readUInt32LE(0x3c);
    if (head.length >= pe + 6 && head.toString('latin1', pe, pe + 4) === 'PE\0\0') return `win32-${PE_MACHINES[head.readUInt16LE(pe + 4)] ?? 'unknown CPU'}`;
  }
  return undefined;
}

function readHead(file: string): Buffer | undefined {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      return buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Reads Node's (and bindings') load error of the native module. */
export function classifyNativeError(e: unknown, rt: Runtime = THIS_RUNTIME, head: (file: string) => Buffer | undefined = readHead): NativeModuleFailure {
  const message = e instanceof Error ? e.message : String(e);
  const modulePath = /([^\s'"()]*better_sqlite3\.node)/.exec(message)?.[1];
  const base = { distillery: 'native-module-error' as const, nodeAbi: rt.abi, node: rt.node, runtime: rt.runtime, ...(modulePath ? { modulePath } : {}), message };
  const abi = /NODE_MODULE_VERSION (\d+)\.[\s\S]*?requires\s+NODE_MODULE_VERSION (\d+)/.exec(message);
  if (abi) return { ...base, kind: 'abi', builtAbi: Number(abi[1]) };
  if (/invalid ELF header|wrong ELF class|ELFCLASS|not a valid Win32 application|mach-o|incompatible architecture|wrong architecture|Exec format error/i.test(message)) {
    const bytes = modulePath ? head(modulePath) : undefined;
    const builtFor = bytes && binaryTarget(bytes);
    return { ...base, kind: 'platform', ...(builtFor ? { builtFor } : {}) };
  }
  if (/Could not locate the bindings file|Cannot find module|ENOENT/i.test(message)) return { ...base, kind: 'missing' };
  return { ...base, kind: 'other' };
}
