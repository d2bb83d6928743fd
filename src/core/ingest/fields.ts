// Typed access to a source row's fields, with errors that name the field.
import { FieldError } from './record';

export type Row = Record<string, unknown>;

/**
 * A field's value: the column of that exact name, else a dotted/indexed path into nested values
 * (`reward_model.ground_truth`, `prompt[0].value`, `prompt[-1].content`); undefined when absent.
 */
export function valueAt(row: Row, field: string): unknown {
  if (Object.hasOwn(row, field)) return row[field];
  if (!/[.[]/.test(field)) return undefined;
  let v: unknown = row;
  for (const step of pathSteps(field)) {
    if (Array.isArray(v) && typeof step === 'number') v = v[step < 0 ? v.length + step : step];
    else if (v && typeof v === 'object' && !Array.isArray(v) && typeof step === 'string' && Object.hasOwn(v, step)) v = (v as Row)[step];
    else return undefined;
  }
  return v;
}

/** `a.b[0].c` → ['a', 'b', 0, 'c']. */
export function pathSteps(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[-?\d+\])*)$/.exec(part);
    if (!m) { steps.push(part); continue; }
    if (m[1]) steps.push(m[1]);
    for (const i of m[2].matchAll(/\[(-?\d+)\]/g)) steps.push(Number(i[1]));
  }
  return steps;
}

/** The top-level column a field or path reads (`reward_model.ground_truth` → `reward_model`). */
export function rootColumn(row: Row, field: string): string {
  if (Object.hasOwn(row, field)) return field;
  const first = pathSteps(field)[0];
  return typeof first === 'string' ? first : field;
}

export function optString(row: Row, field: string): string | null {
  const v = valueAt(row, field);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  throw new FieldError(field, `expected a string, got ${typeName(v)}`);
}

/** A required text field (a question): must be a non-empty string; numbers are not silently converted. */
export function reqString(row: Row, field: string): string {
  const raw = valueAt(row, field);
  if (raw !== undefined && raw !== null && typeof raw !== 'string') throw new FieldError(field, `expected a string, got ${typeName(raw)}`);
  const v = optString(row, field);
  if (v === null) throw new FieldError(field, raw === null ? 'is null' : 'is missing');
  if (v.trim() === '') throw new FieldError(field, 'is empty');
  return v;
}

export function optBool(row: Row, field: string): boolean | null {
  const v = valueAt(row, field);
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string' && /^(true|false|yes|no)$/i.test(v)) return /^(true|yes)$/i.test(v);
  throw new FieldError(field, `expected a boolean, got ${typeName(v)}`);
}

export function optNumber(row: Row, field: string): number | null {
  const v = valueAt(row, field);
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new FieldError(field, `expected a number, got ${typeName(v)}`);
}

export function optArray(row: Row, field: string): unknown[] | null {
  const v = valueAt(row, field);
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v;
  throw new FieldError(field, `expected a list, got ${typeName(v)}`);
}

/** A trace column that is a string in s1K and a one-element list in the 59K pool. */
export function stringOrList(row: Row, field: string): string[] {
  const v = valueAt(row, field);
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) {
    return v.map((x, i) => {
      if (typeof x !== 'string') throw new FieldError(`${field}[${i}]`, `expected a string, got ${typeName(x)}`);
      return x;
    });
  }
  throw new FieldError(field, `expected a string or a list of strings, got ${typeName(v)}`);
}

/**
 * A grade as stored (1 correct, 0 wrong, null unknown) from a boolean, a 0/1 number or a true/false/yes/no/correct
 * string; anything else is an error naming the field (a score of 0.7 is not a grade).
 */
export function gradeValue(v: unknown, field: string): number | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === 0 || v === 1) return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (/^(true|yes|correct|1|1\.0)$/.test(t)) return 1;
    if (/^(false|no|incorrect|wrong|0|0\.0)$/.test(t)) return 0;
  }
  throw new FieldError(field, `expected a grade (true/false, 0/1, yes/no), got ${typeName(v)}`);
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? `a string` : `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`;
}

/** Rejects any string field over the limit, naming it (a 50 MB field is a broken row, not a trace). */
export function checkFieldSizes(row: Row, maxChars: number, path = ''): void {
  // for-in, not Object.entries: no array of pairs per row (this runs on every row of an import).
  for (const k in row) {
    if (!Object.hasOwn(row, k)) continue;
    const v = row[k];
    if (typeof v === 'string') {
      if (v.length > maxChars) {
        const name = path ? `${path}.${k}` : k;
        throw new FieldError(name, `is ${(v.length / 1e6).toFixed(1)} M characters, over the limit of ${(maxChars / 1e6).toFixed(1)} M (raise it with --max-field-mb)`);
      }
    } else if (v && typeof v === 'object') {
      checkFieldSizes(v as Row, maxChars, path ? `${path}.${k}` : k);
    }
  }
}
