// The normalised shape every preset maps a source row to, and the error a preset raises for a bad field.
import type { TraceFields } from '../../shared/protocol';

/** A trace as a preset maps it: the stored fields (the optional ones default to null), and its metadata. */
export interface TraceRecord extends Pick<TraceFields, 'producer' | 'thinking' | 'answer'>,
  Partial<Pick<TraceFields, 'thinkingTokens' | 'finishReason' | 'grade'>> {
  metadata?: Record<string, unknown> | null;
}

/** Metadata that is already JSON text (converted from a Python repr), stored without re-serialising. */
export class JsonText {
  constructor(readonly text: string) {}
}

export interface SampleRecord {
  question: string;
  solution?: string | null;
  answer?: string | null;
  source?: string | null;
  domain?: string | null;
  cotType?: string | null;
  metadata?: unknown;
  features?: Record<string, unknown> | null;
  traces: TraceRecord[];
}

/**
 * Stored text: a string, or its UTF-8 bytes (the parse worker sends text as views into one transferred
 * buffer, so the writing thread neither copies nor re-encodes it; SQL casts the bytes back to TEXT).
 */
export type Text = string | Uint8Array;

/** A record ready to store: hashes computed, JSON columns serialised. */
export interface PreparedSample {
  hash: string;
  /** questionKey(question): finds the question's stored sample when the gold is missing on either side. */
  questionKey: string;
  question: Text;
  solution: Text | null;
  answer: Text | null;
  source: string | null;
  domain: string | null;
  cotType: string | null;
  metadata: Text | null;
  features: string | null;
  line: number;
  traces: PreparedTrace[];
}

export interface PreparedTrace {
  hash: string;
  producer: string;
  thinking: Text;
  answer: Text;
  thinkingTokens: number | null;
  finishReason: string | null;
  grade: number | null;
  metadata: string | null;
}

/** A problem with one field of one row: reported with the file and line by the importer. */
export class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(`field '${field}': ${message}`);
  }
}

/**
 * A problem at one place of a source file: `line` is the 1-based line (the row number for Parquet), 0 for the
 * file as a whole. The message is the bare reason; whoever reports it adds the place.
 */
export class LineError extends Error {
  /** `columns`: when no preset fits, the columns of the row (the editor offers them to map by hand). */
  constructor(readonly line: number, message: string, readonly file?: string, readonly columns?: string[]) {
    super(message);
  }
}
