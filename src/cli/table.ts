// Plain-text tables for the human output of the CLI: a header row, columns two spaces apart, numbers right-aligned,
// long cells shortened with an ellipsis (never cut mid-word without saying so), and a cap on the number of rows.
import { CliError, cliNumber } from './context';

export interface Column { header: string; align?: 'left' | 'right'; max?: number }

// Control characters and bidi overrides in names from files (a file name may hold a newline or U+202E) would break a
// table's lines or reverse its text: they are shown as escapes instead.
// eslint-disable-next-line no-control-regex -- these are exactly what is matched
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `s` on one line, with control and bidi characters written as `\n`, `\t` or `\u202e`. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Shortens `s` to at most `max` characters, marking the cut with an ellipsis. */
export function shorten(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}

export function formatTable(columns: Column[], rows: (string | number | null | undefined)[][], indent = ''): string {
  const cells = rows.map((r) => columns.map((c, i) => {
    const v = r[i] === null || r[i] === undefined ? '' : String(r[i]);
    return printable(c.max ? shorten(v, c.max) : v);
  }));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => indent + r.map((v, i) => (columns[i].align === 'right' ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** The first `limit` rows (0 = all) and a closing line saying how many were left out and how to see them. */
export function capRows<T>(rows: T[], limit: number): { shown: T[]; more: string | undefined } {
  if (limit <= 0 || rows.length <= limit) return { shown: rows, more: undefined };
  return { shown: rows.slice(0, limit), more: `… ${rows.length - limit} more (--limit 0 or --json for all)` };
}

/** Parses a --limit value: a whole number, 0 meaning no limit. */
export function parseLimit(v: string): number {
  const n = cliNumber(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--limit must be a whole number (0 = all), not '${v}'`);
  return n;
}
