// Inserts prepared samples and traces; what is already stored is found, never duplicated (hash.ts has the keys).
// Gold: a row with gold fills a stored sample of the same question that lacks it; a row without gold joins the
// stored sample of its question; present gold is never overwritten. A row whose gold differs from the stored one
// is counted as a conflict, and when the gold it is keyed by (answer, else solution) differs it stays its own
// sample (its traces were graded against its own gold). A person's labels and review status hang on the sample's
// id, which never changes here.
import type { Db } from './db';
import { copyHash } from '../ingest/hash';
import type { PreparedSample, Text } from '../ingest/record';

export interface WriteCounts { newSamples: number; newTraces: number; goldFilled: number; goldConflicts: number }

/**
 * What a writer changed in rows it did not insert, so a file refused after some of its batches committed can be
 * taken back (file-import.ts): traces added to samples stored before, and each such sample as it was before its
 * first change. Rows the writer inserted are found by their first_file_id.
 */
export interface UndoLog {
  traceAdded(traceId: number): void;
  sampleChanging(before: Readonly<Stored>): void;
}

export interface Stored { id: number; hash: string; answer: string | null; solution: string | null }
type Gold = Pick<Stored, 'answer' | 'solution'>;
const GOLD = ['answer', 'solution'] as const;

export class SampleWriter {
  private readonly insertSample;
  private readonly byHash;
  private readonly byQuestion;
  private readonly fillGold;
  private readonly setHash;
  private readonly insertTrace;
  private readonly decoder = new TextDecoder();
  /** Copies of each response this file has written so far, by `sampleId:textHash`: the next one's copy number. */
  private readonly copies = new Map<string, number>();
  /**
   * Into a data set that held no sample when the file began, only this writer's rows can share a question: the
   * question keys it inserted (28 bits of each: a match just means probing) spare the probe for every new question.
   * Null once another connection may have added samples (see beginBatch).
   */
  private ownKeys: Set<number> | null = null;
  /** The last sample id this writer inserted: another connection's insert would raise samples' max id past it. */
  private lastId = 0;
  private readonly maxId;

  constructor(private readonly db: Db, private readonly datasetId: number, private readonly fileId: number, private readonly undo?: UndoLog) {
    this.insertSample = db.prepare(`INSERT INTO samples
      (dataset_id, hash, question_key, question, solution, answer, source, domain, cot_type, metadata, features, first_file_id, first_line)
      VALUES (?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, CAST(? AS TEXT), ?, ?, ?)`);
    this.byHash = db.prepare('SELECT id, hash, answer, solution FROM samples WHERE dataset_id = ? AND hash = ?');
    // One probe finds both the exact row (same hash: same question, so same key) and the question's other rows.
    this.byQuestion = db.prepare('SELECT id, hash, answer, solution FROM samples WHERE dataset_id = ? AND question_key = ? ORDER BY id');
    this.fillGold = db.prepare(`UPDATE samples SET answer = coalesce(answer, CAST(? AS TEXT)), solution = coalesce(solution, CAST(? AS TEXT))
      WHERE id = ?`);
    this.setHash = db.prepare('UPDATE samples SET hash = ? WHERE id = ?');
    this.maxId = db.prepare('SELECT ifnull(max(id), 0) FROM samples').pluck();
    this.insertTrace = db.prepare(`INSERT INTO traces
      (sample_id, hash, producer, thinking, answer, thinking_tokens, finish_reason, grade, metadata)
      VALUES (?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, ?) ON CONFLICT (sample_id, hash) DO NOTHING`);
  }

  /**
   * Call in the file's first transaction: when the data set holds no sample yet, new questions skip the probe.
   * Returns whether they do.
   */
  startEmpty(): boolean {
    if (this.db.prepare('SELECT EXISTS (SELECT 1 FROM samples WHERE dataset_id = ?)').pluck().get(this.datasetId)) return false;
    this.ownKeys = new Set();
    this.lastId = this.maxId.get() as number;
    return true;
  }

  /**
   * Call at the start of each later transaction: if another connection inserted a sample since this writer's
   * last one (between batches), it may be a question of this file, so every row is probed again from now on.
   */
  beginBatch(): void {
    if (this.ownKeys && this.maxId.get() !== this.lastId) this.ownKeys = null;
  }

  write(samples: readonly PreparedSample[]): WriteCounts {
    const counts: WriteCounts = { newSamples: 0, newTraces: 0, goldFilled: 0, goldConflicts: 0 };
    for (const s of samples) {
      const before = counts.newSamples;
      const sampleId = this.sampleId(s, counts);
      const stored = counts.newSamples === before;
      for (const t of s.traces) {
        const key = `${sampleId}:${t.hash}`;
        const copy = this.copies.get(key) ?? 0;
        this.copies.set(key, copy + 1);
        const tr = this.insertTrace.run(sampleId, copyHash(t.hash, copy), t.producer, t.thinking, t.answer, t.thinkingTokens,
          t.finishReason, t.grade, t.metadata);
        counts.newTraces += tr.changes;
        if (stored && tr.changes) this.undo?.traceAdded(Number(tr.lastInsertRowid));
      }
    }
    return counts;
  }

  /** The stored sample this row is (its gold merged in), or a new one. */
  private sampleId(s: PreparedSample, counts: WriteCounts): number {
    const key = this.ownKeys ? parseInt(s.questionKey.slice(0, 7), 16) : 0;
    const same = this.ownKeys && !this.ownKeys.has(key) ? [] : this.byQuestion.all(this.datasetId, s.questionKey) as Stored[];
    const exact = same.find((c) => c.hash === s.hash);
    if (exact) {
      this.merge(exact, s, this.gold(s), counts);
      return exact.id;
    }
    if (same.length) {
      const gold = this.gold(s);
      const match = pick(same, gold);
      const hasGold = gold.answer !== null || gold.solution !== null;
      if (match) {
        this.merge(match, s, gold, counts);
        // The key follows the gold now stored: the row's, unless the stored row keeps an answer the row lacks.
        if (hasGold && (gold.answer !== null || match.answer === null)) {
          this.undo?.sampleChanging(match);
          this.setHash.run(s.hash, match.id);
        }
        return match.id;
      }
      if (hasGold) counts.goldConflicts++;
    }
    let id: number;
    try {
      id = Number(this.insertSample.run(this.datasetId, s.hash, s.questionKey, s.question, s.solution, s.answer, s.source, s.domain,
        s.cotType, s.metadata, s.features, this.fileId, s.line).lastInsertRowid);
    } catch (e) {
      // A stored row with this hash under another question key (a question holding the hash's separator): the
      // exact match the probe by key could not see.
      const exact = (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ? this.byHash.get(this.datasetId, s.hash) as Stored | undefined : undefined;
      if (!exact) throw e;
      this.merge(exact, s, this.gold(s), counts);
      return exact.id;
    }
    counts.newSamples++;
    if (this.ownKeys) {
      this.ownKeys.add(key);
      this.lastId = id;
    }
    return id;
  }

  /** Fills the stored sample's missing gold from the row; counts a fill, or a conflict where both have it and differ. */
  private merge(stored: Stored, s: PreparedSample, gold: Gold, counts: WriteCounts): void {
    let fill = false;
    let conflict = false;
    for (const f of GOLD) {
      if (gold[f] === null) continue;
      if (stored[f] === null) fill = true;
      else if (stored[f]!.trim() !== gold[f]) conflict = true;
    }
    if (fill) {
      this.undo?.sampleChanging(stored);
      this.fillGold.run(stored.answer === null ? s.answer : null, stored.solution === null ? s.solution : null, stored.id);
      counts.goldFilled++;
    }
    if (conflict) counts.goldConflicts++;
  }

  /** The row's gold as trimmed strings (stored text is bytes after packText). */
  private gold(s: PreparedSample): Gold {
    return { answer: this.text(s.answer), solution: this.text(s.solution) };
  }

  private text(t: Text | null): string | null {
    return t === null ? null : (typeof t === 'string' ? t : this.decoder.decode(t)).trim();
  }
}

/**
 * The stored sample of the same question a row belongs to: without gold, the one without gold, else the only
 * one; with gold, one whose gold agrees where both have it (the most fields agreeing, then the oldest).
 * None when the row's gold differs from every stored one, or the question has several golds and the row none.
 */
function pick(same: readonly Stored[], gold: Gold): Stored | undefined {
  if (gold.answer === null && gold.solution === null) {
    return same.find((c) => c.answer === null && c.solution === null) ?? (same.length === 1 ? same[0] : undefined);
  }
  let best: Stored | undefined;
  let bestAgree = -1;
  for (const c of same) {
    let agree = 0;
    let ok = true;
    for (const f of GOLD) {
      if (gold[f] === null || c[f] === null) continue;
      if (c[f]!.trim() === gold[f]) agree++;
      else ok = false;
    }
    if (ok && agree > bestAgree) { best = c; bestAgree = agree; }
  }
  return best;
}
