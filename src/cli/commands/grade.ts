// distillery grade: checks one predicted answer against a gold answer, or every row of a JSONL file.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { GRADE_KINDS, gradeAnswer, type GradeKind, type GradeOptions, type GradeResult } from '../../core/grade';
import { cliNumber, CliError, InputRefusedError, type RegisterCommand } from '../context';

interface GradeCliOptions {
  gold?: string;
  pred?: string;
  file?: string;
  goldField: string;
  predField: string;
  kind: string;
  choices?: string;
  choicesField?: string;
  precision?: string;
  finishReason?: string;
  finishField: string;
}

export interface GradeFileResult {
  n: number;
  equal: boolean[];
  correct: number;
  accuracy: number;
  reasons: string[];
  /** The rule that took each row's answer ("boxed answer", ...), or null when none was found. */
  rules: (string | null)[];
}

export const registerGrade: RegisterCommand = (program, ctx) => {
  program.command('grade')
    .description('check a predicted answer (or a whole response) against a gold answer, or every row of a JSONL file')
    .option('--gold <answer>', 'the gold answer')
    .option('--pred <text>', 'the predicted answer or the whole model response')
    .option('--file <path>', 'JSONL file, one object per line holding a gold answer and a prediction')
    .option('--gold-field <name>', 'field of the gold answer in --file rows', 'gold')
    .option('--pred-field <name>', 'field of the prediction in --file rows', 'pred')
    .option('--kind <kind>', `answer kind: ${GRADE_KINDS.join(' | ')}`, 'math')
    .option('--choices <texts>', 'option texts in letter order, separated by "|" (implies --kind choice)')
    .option('--choices-field <name>', 'field holding an array of option texts in --file rows (implies --kind choice)')
    .option('--precision <places>', 'decimal places compared when a decimal number is involved (default 6)')
    .option('--finish-reason <reason>', 'why the generation stopped; "length" marks a cut-off response, which gets credit only for an answer stated as final')
    .option('--finish-field <name>', 'field of the finish reason in --file rows (used when present)', 'finish_reason')
    .action(async (opts: GradeCliOptions, command: Command) => {
      // Option texts are for multiple choice: they imply --kind choice, and beside another --kind they are a mistake
      // (they were ignored, and the letter graded as maths).
      const optionTexts = opts.choices !== undefined ? '--choices' : opts.choicesField !== undefined ? '--choices-field' : undefined;
      if (optionTexts && opts.kind !== 'choice') {
        if (command.getOptionValueSource('kind') !== 'default') throw new CliError(`${optionTexts} is for --kind choice, not --kind ${opts.kind}: pass --kind choice (or leave --kind out)`);
        opts.kind = 'choice';
      }
      const options = gradeOptions(opts);
      if (opts.file !== undefined) {
        if (opts.gold !== undefined || opts.pred !== undefined) throw new CliError('use either --file or --gold/--pred, not both');
        const r = await gradeFile(opts.file, opts, options);
        ctx.emit(r, (x: GradeFileResult) =>
          `${x.correct}/${x.n} equal (${(100 * x.accuracy).toFixed(1)}%)`);
        return;
      }
      if (opts.gold === undefined || opts.pred === undefined) throw new CliError('give --gold and --pred, or --file');
      const r = gradeAnswer(opts.gold, opts.pred, options);
      ctx.emit(r, (x: GradeResult) =>
        `${x.equal ? 'equal' : 'not equal'}: gold ${x.gold} | pred ${x.pred ?? '(none)'} (${x.reason})`);
    });
};

function gradeOptions(opts: GradeCliOptions): GradeOptions {
  if (!(GRADE_KINDS as readonly string[]).includes(opts.kind)) {
    throw new CliError(`--kind must be one of ${GRADE_KINDS.join(', ')} (got ${JSON.stringify(opts.kind)})`);
  }
  const o: GradeOptions = { kind: opts.kind as GradeKind };
  if (opts.choices !== undefined) o.choices = opts.choices.split('|').map((s) => s.trim());
  if (opts.finishReason !== undefined) o.finishReason = opts.finishReason;
  if (opts.precision !== undefined) {
    const p = cliNumber(opts.precision);
    if (!Number.isInteger(p) || p < 0 || p > 15) throw new CliError('--precision must be an integer from 0 to 15');
    o.precision = p;
  }
  return o;
}

async function gradeFile(path: string, opts: GradeCliOptions, options: GradeOptions): Promise<GradeFileResult> {
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`--file ${path}: ${existsSync(path) ? 'is a folder, not a JSONL file' : 'no such file (check the path)'}`);
  // From here on the file is there: what it holds is refused as input (exit 1), not as a mistake in the command.
  const equal: boolean[] = [];
  const reasons: string[] = [];
  const rules: (string | null)[] = [];
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    // A byte-order mark (files saved on Windows) is no part of the first row, as import reads it.
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    const where = `${path}:${lineNo}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (e) {
      // JSON.parse recurses: a row nested a million levels deep overflows the stack, which is not the user's word.
      throw new InputRefusedError(`${where}: not valid JSON (${e instanceof RangeError ? 'nested too deeply' : (e as Error).message})`);
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new InputRefusedError(`${where}: expected a JSON object`);
    const rec = row as Record<string, unknown>;
    const gold = field(rec, opts.goldField, where, '--gold-field');
    const pred = field(rec, opts.predField, where, '--pred-field');
    let rowOptions = options;
    if (opts.choicesField !== undefined) {
      const c = rec[opts.choicesField];
      if (!Array.isArray(c) || !c.every((x) => typeof x === 'string' || typeof x === 'number')) {
        throw new InputRefusedError(`${where}: field "${opts.choicesField}" must be an array of option texts`);
      }
      rowOptions = { ...options, choices: c.map(String) };
    }
    const finish = rec[opts.finishField];
    if (typeof finish === 'string') rowOptions = { ...rowOptions, finishReason: finish };
    else if (finish !== undefined && finish !== null) throw new InputRefusedError(`${where}: field "${opts.finishField}" must be a string or null`);
    const r = gradeAnswer(gold, pred, rowOptions);
    equal.push(r.equal);
    reasons.push(r.reason);
    rules.push(r.rule ?? null);
  }
  if (!equal.length) throw new InputRefusedError(`${path}: no rows to grade (the file has no JSON lines; expected one object per line with "${opts.goldField}" and "${opts.predField}")`);
  const correct = equal.filter(Boolean).length;
  return { n: equal.length, equal, correct, accuracy: equal.length ? correct / equal.length : 0, reasons, rules };
}

/** A gold or prediction field: strings as they are, numbers (AIME answers) as text. */
function field(rec: Record<string, unknown>, name: string, where: string, flag: string): string {
  if (!(name in rec)) {
    const seen = Object.keys(rec);
    throw new InputRefusedError(`${where}: missing field "${name}" (the row's fields: ${seen.length ? seen.join(', ') : 'none'}); name the field with ${flag} FIELD`);
  }
  const v = rec[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new InputRefusedError(`${where}: field "${name}" must be a string or a number (got ${v === null ? 'null' : typeof v})`);
}
