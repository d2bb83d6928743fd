// Annotations: labels on samples (or traces) with their origin and evidence.
// Detectors own the rows of their origin ('detector:<name>') and replace them on each run; rows with origin
// 'human' are a person's decisions and are never touched by a detector (the unique key includes origin).
import { createHash } from 'node:crypto';
import type { Db } from './db';
import type { ReviewSampleDetail } from '../../shared/protocol';

export const HUMAN = 'human';

export interface AnnotationInput {
  sampleId: number;
  traceId?: number | null;
  label: string;
  evidence?: unknown;
  note?: string | null;
}

export interface AnnotationRow {
  sample_id: number;
  trace_id: number | null;
  question_hash: string;
  label: string;
  origin: string;
  evidence: unknown;
  note: string | null;
}

/** s1's question hash: the first 16 hex characters of the SHA-256 of the question's UTF-8 text. */
export function questionHash(question: string): string {
  return createHash('sha256').update(question, 'utf8').digest('hex').slice(0, 16);
}

/**
 * Replaces every annotation of `origin` on the samples of `datasetId` by `rows`, in one transaction.
 * Refuses the human origin: a detector must never rewrite a person's labels.
 */
export function replaceDetectorAnnotations(db: Db, datasetId: number, origin: string, rows: Iterable<AnnotationInput>): number {
  if (origin === HUMAN || !origin.startsWith('detector:')) throw new Error(`detector origins look like 'detector:<name>', not '${origin}'`);
  const del = db.prepare('DELETE FROM annotations WHERE origin = ? AND sample_id IN (SELECT id FROM samples WHERE dataset_id = ?)');
  const ins = db.prepare(`INSERT INTO annotations (sample_id, trace_id, label, origin, evidence, note) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (sample_id, ifnull(trace_id, 0), label, origin) DO UPDATE SET evidence = excluded.evidence, note = excluded.note,
      updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`);
  let n = 0;
  db.transaction(() => {
    del.run(origin, datasetId);
    for (const r of rows) { ins.run(r.sampleId, r.traceId ?? null, r.label, origin, r.evidence === undefined ? null : JSON.stringify(r.evidence), r.note ?? null); n++; }
  })();
  return n;
}

/** A person's label (e.g. 'keep' / 'drop' overrides); replaces that person's previous row with the same label. */
export function setHumanAnnotation(db: Db, a: AnnotationInput): void {
  db.prepare(`INSERT INTO annotations (sample_id, trace_id, label, origin, evidence, note) VALUES (?, ?, ?, 'human', ?, ?)
    ON CONFLICT (sample_id, ifnull(trace_id, 0), label, origin) DO UPDATE SET evidence = excluded.evidence, note = excluded.note,
      updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`)
    .run(a.sampleId, a.traceId ?? null, a.label, a.evidence === undefined ? null : JSON.stringify(a.evidence), a.note ?? null);
}

export function removeHumanAnnotation(db: Db, sampleId: number, label: string, traceId: number | null = null): void {
  db.prepare("DELETE FROM annotations WHERE sample_id = ? AND ifnull(trace_id, 0) = ifnull(?, 0) AND label = ? AND origin = 'human'").run(sampleId, traceId, label);
}

/**
 * Adds or removes a person's label on a sample (or one of its traces); returns whether it is now set.
 * With a note the label is set (or its note replaced), never removed.
 */
export function toggleHumanLabel(db: Db, sampleId: number, label: string, traceId: number | null = null, note?: string): boolean {
  return db.transaction(() => {
    const existing = db.prepare('SELECT id FROM annotations WHERE sample_id = ? AND ifnull(trace_id, 0) = ifnull(?, 0) AND label = ? AND origin = ?')
      .pluck().get(sampleId, traceId, label, HUMAN) as number | undefined;
    if (existing !== undefined && note === undefined) {
      db.prepare('DELETE FROM annotations WHERE id = ?').run(existing);
      return false;
    }
    db.prepare(`INSERT INTO annotations (sample_id, trace_id, label, origin, note) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (sample_id, ifnull(trace_id, 0), label, origin)
      DO UPDATE SET note = excluded.note, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`).run(sampleId, traceId, label, HUMAN, note ?? null);
    return true;
  }).immediate();
}

export type SampleAnnotation = ReviewSampleDetail['annotations'][number];

/** A sample's annotations, a person's first, evidence parsed. */
export function sampleAnnotations(db: Db, sampleId: number): SampleAnnotation[] {
  const rows = db.prepare(`SELECT id, trace_id AS traceId, label, origin, evidence, note, updated_at AS updatedAt
    FROM annotations WHERE sample_id = ? ORDER BY origin = 'human' DESC, id`).all(sampleId) as (Omit<SampleAnnotation, 'evidence'> & { evidence: string | null })[];
  return rows.map((a) => ({ ...a, evidence: a.evidence ? JSON.parse(a.evidence) : null }));
}

export interface HumanOverrides { keep: Set<number>; drop: Set<number> }

/**
 * Force keep / force drop, as a person decided them. Two equivalent ways to say it, both honoured:
 * a human annotation labelled 'keep' or 'drop', or the sample's review status 'accepted' or 'rejected'.
 * When both exist and disagree, the annotation (the explicit curation override) wins over the status.
 */
export function humanOverrides(db: Db, datasetId: number): HumanOverrides {
  const keep = new Set<number>();
  const drop = new Set<number>();
  const status = db.prepare("SELECT id, status FROM samples WHERE dataset_id = ? AND status IN ('accepted','rejected')").all(datasetId) as { id: number; status: string }[];
  for (const s of status) (s.status === 'accepted' ? keep : drop).add(s.id);
  const ann = db.prepare(`SELECT a.sample_id AS id, a.label FROM annotations a JOIN samples s ON s.id = a.sample_id
    WHERE s.dataset_id = ? AND a.origin = 'human' AND a.trace_id IS NULL AND a.label IN ('keep','drop') ORDER BY a.updated_at`).all(datasetId) as { id: number; label: string }[];
  for (const a of ann) {
    if (a.label === 'keep') { keep.add(a.id); drop.delete(a.id); } else { drop.add(a.id); keep.delete(a.id); }
  }
  return { keep, drop };
}

export function listAnnotations(db: Db, datasetId: number, opts: { label?: string; origin?: string } = {}): AnnotationRow[] {
  const where = ['s.dataset_id = ?'];
  const args: unknown[] = [datasetId];
  if (opts.label !== undefined) { where.push('a.label = ?'); args.push(opts.label); }
  if (opts.origin !== undefined) { where.push('a.origin = ?'); args.push(opts.origin); }
  const rows = db.prepare(`SELECT a.sample_id, a.trace_id, s.question, a.label, a.origin, a.evidence, a.note FROM annotations a
    JOIN samples s ON s.id = a.sample_id WHERE ${where.join(' AND ')} ORDER BY a.sample_id, a.label, a.origin`).all(...args) as
    { sample_id: number; trace_id: number | null; question: string; label: string; origin: string; evidence: string | null; note: string | null }[];
  const hashes = new Map<number, string>();
  return rows.map((r) => {
    let h = hashes.get(r.sample_id);
    if (h === undefined) { h = questionHash(r.question); hashes.set(r.sample_id, h); }
    return { sample_id: r.sample_id, trace_id: r.trace_id, question_hash: h, label: r.label, origin: r.origin, evidence: r.evidence === null ? null : JSON.parse(r.evidence), note: r.note };
  });
}

/** The labels and origins a data set's annotations carry (each sorted), to say what a filter matching none could be. */
export function annotationKinds(db: Db, datasetId: number): { labels: string[]; origins: string[] } {
  const of = (column: 'label' | 'origin') => db.prepare(`SELECT DISTINCT a.${column} FROM annotations a JOIN samples s ON s.id = a.sample_id
    WHERE s.dataset_id = ? ORDER BY 1`).pluck().all(datasetId) as string[];
  return { labels: of('label'), origins: of('origin') };
}
