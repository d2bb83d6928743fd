// A JSON file holding one top-level array of objects, read as a stream: a byte scanner finds each
// element's extent (strings, escapes and nesting tracked), so only one element is in memory at a time.
import { createReadStream } from 'node:fs';
import { firstInvalidUtf8 } from '../map-rows';
import { LineError } from '../record';
import type { FileDigest } from '../file-digest';

/** `element`: the 0-based index in a JSON array (a minified array has every element on line 1). */
export interface RawItem { line: number; value?: unknown; error?: string; element?: number }

const decoder = new TextDecoder('utf-8', { fatal: true });

export async function* readJsonArray(path: string, batchSize = 256, digest?: FileDigest): AsyncGenerator<RawItem[]> {
  let depth = 0;
  let inString = false;
  let escape = false;
  let line = 1;
  let started = false;       // saw the opening '['
  let ended = false;
  let elemParts: Buffer[] = [];
  let elemStartLine = 0;
  let elemStart = -1;        // index in the current chunk where the element began, -1 if none
  let batch: RawItem[] = [];
  let element = 0;

  const finish = (chunk: Buffer, end: number) => {
    if (elemStart >= 0) elemParts.push(chunk.subarray(elemStart, end));
    const bytes = Buffer.concat(elemParts);
    elemParts = [];
    elemStart = -1;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      batch.push({ line: elemStartLine, element: element++, error: `invalid UTF-8 at byte ${firstInvalidUtf8(bytes)} of the element` });
      return;
    }
    if (text.trim() === '') return;
    try {
      batch.push({ line: elemStartLine, element, value: JSON.parse(text) });
    } catch (e) {
      batch.push({ line: elemStartLine, element, error: `invalid JSON: ${(e as Error).message}` });
    } finally {
      element++;
    }
  };

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    digest?.update(chunk);
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === 10) line++;
      if (inString) {
        if (escape) escape = false;
        else if (c === 92) escape = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (!started) {
        if (c === 91) { started = true; depth = 1; continue; }
        if (c === 32 || c === 10 || c === 13 || c === 9 || (line === 1 && (c === 0xef || c === 0xbb || c === 0xbf))) continue;
        throw new LineError(line, "expected a JSON array ('[') at the top level; for one object per line use a .jsonl file");
      }
      if (ended) {
        if (c === 32 || c === 10 || c === 13 || c === 9) continue;
        throw new LineError(line, 'unexpected text after the end of the top-level array');
      }
      if (depth === 1 && (c === 44 || c === 93)) {
        // ',' or ']' at the array's own level ends an element.
        if (elemStart >= 0 || elemParts.length) finish(chunk, i);
        if (c === 93) { ended = true; depth = 0; }
        continue;
      }
      if (depth === 1 && elemStart < 0 && !elemParts.length) {
        if (c === 32 || c === 10 || c === 13 || c === 9) continue;
        elemStart = i;
        elemStartLine = line;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) depth--;
    }
    if (elemStart >= 0) { elemParts.push(chunk.subarray(elemStart)); elemStart = 0; }
    // Each new chunk continues the element from its start.
    if (elemParts.length) elemStart = 0;
    if (batch.length >= batchSize) { yield batch; batch = []; }
  }
  if (!started) throw new Error('no JSON array found');
  if (!ended) throw new LineError(line, 'the top-level array is not closed (truncated file?)');
  if (batch.length) yield batch;
}
