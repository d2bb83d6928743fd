// CSV (the GPQA-Diamond file) through csv-parse, streaming, with strict UTF-8 checked as bytes arrive.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { RawItem } from './json-array';
import { LineError } from '../record';
import type { FileDigest } from '../file-digest';

export async function* readCsv(path: string, batchSize = 512, digest?: FileDigest): AsyncGenerator<RawItem[]> {
  const parser = parse({ columns: true, bom: true, info: true, relax_column_count: false, skip_empty_lines: true });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytesLine = 1;
  const feed = (async () => {
    try {
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
        digest?.update(chunk);
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          throw new LineError(bytesLine, 'invalid UTF-8');
        }
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) bytesLine++;
        if (!parser.write(text)) await new Promise((r) => parser.once('drain', r));
      }
      parser.end();
    } catch (e) {
      parser.destroy(e as Error);
    }
  })();
  let batch: RawItem[] = [];
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      batch.push({ line: rec.info.lines, value: rec.record });
      if (batch.length >= batchSize) { yield batch; batch = []; }
    }
  } catch (e) {
    throw e instanceof LineError ? e : new Error(`CSV: ${(e as Error).message}`);
  }
  await feed;
  if (batch.length) yield batch;
}
