// Imported first by main.ts: loads better-sqlite3's native module before anything opens the database. When this
// Node cannot load it (another ABI or platform), the engine writes one NativeModuleFailure JSON line to stderr and
// exits with ENGINE_EXIT.nativeModule, and the extension turns that into one notification with the fix.
import Database from 'better-sqlite3';
import { writeSync } from 'node:fs';
import { ENGINE_EXIT } from '../shared/protocol';
import { classifyNativeError } from './nativeModule';

try {
  new Database(':memory:').close();
} catch (e) {
  writeSync(2, `${JSON.stringify(classifyNativeError(e))}\n`); // synchronous: the line must be out before exit
  process.exit(ENGINE_EXIT.nativeModule);
}
