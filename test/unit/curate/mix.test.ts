// distillery mix: stored selections of two data sets combined into one versioned selection, deduplicated across
// them, sampled to a target by counts and weights, the same under the same seed; and the recipe's mix section.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerMix } from '../../../src/cli/commands/mix';
import { registerSelection } from '../../../src/cli/commands/selection';
import { CliError, createCliContext } from '../../../src/cli/context';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { saveFilterAsSelection, setStatus } from '../../../src/core/review/queries';
import { allocate, formatMixSource, mix, parseMixSource } from '../../../src/core/curate/mix';
import { loadRecipe, validateRecipe } from '../../../src/core/curate/recipe';
import { curate } from '../../../src/core/curate/run';
import { findSelection, listSelections, selectionSampleIds, selectionSamples } from '../../../src/core/store/selections';
import { seededRng } from '../../../src/core/curate/random';
import { tempDir } from '../helpers';

const VOCAB = ('apple river stone cloud maple orbit prism lemon tiger velvet harbor candle meadow quartz falcon ember ' +
  'willow saddle copper lantern thistle basalt comet fjord garnet hollow iris juniper kelp lagoon marble nectar onyx ' +
  'pepper quiver raven sable tundra umber violet walnut yarrow zephyr anchor beacon cinder dune ferret glacier').split(' ');

/** A question no other shares eight words in a row with (random words from a seeded stream). */
function question(rng: () => number, tag: string): string {
  return `${tag}: ` + Array.from({ length: 14 }, () => VOCAB[Math.floor(rng() * VOCAB.length)]).join(' ') + '?';
}

function rows(tag: string, n: number, rng: () => number, length: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    question: question(rng, `${tag} ${i}`), solution: `${i}`, cot_type: 'math', source_type: `test/${tag}`, metadata: '{}',
    thinking_trajectories: [`Thinking about ${tag} ${i}. `.repeat(3)], attempt: `\\boxed{${i}}`, gemini_length: length + i,
  }));
}

const writeJsonl = (path: string, r: Record<string, unknown>[]) => writeFileSync(path, r.map((x) => JSON.stringify(x)).join('\n') + '\n');

describe('distillery mix', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dbPath: string;
  let db: Db;
  /** The question both data sets hold: the math copy has the shorter trace, so dedup keeps the code copy. */
  let shared: string;

  async function cli(args: string[]): Promise<{ json: () => unknown; error?: CliError; err: string; out: string }> {
    const program = new Command('distillery').option('--db <path>').option('--json').exitOverride();
    program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    let out = '';
    let err = '';
    const ctx = createCliContext(program, { out: (t) => { out += t; }, err: (t) => { err += t; } }, () => dbPath);
    for (const r of [registerMix, registerSelection]) r(program, ctx);
    try {
      await program.parseAsync(['node', 'distillery', '--json', ...args]);
      return { json: () => JSON.parse(out), err, out };
    } catch (e) {
      if (e instanceof CliError) return { json: () => JSON.parse(out), error: e, err, out };
      throw e;
    }
  }

  const datasetOf = (id: number) => (db.prepare('SELECT d.name FROM samples s JOIN datasets d ON d.id = s.dataset_id WHERE s.id = ?').pluck().get(id) as string);
  const questionOf = (id: number) => (db.prepare('SELECT question FROM samples WHERE id = ?').pluck().get(id) as string);

  before(async () => {
    tmp = tempDir();
    dbPath = join(tmp.dir, 'm.db');
    const rng = seededRng(7);
    const math = rows('math', 12, rng, 100);
    const code = rows('code', 8, rng, 100);
    shared = math[0].question as string;
    code.push({ ...code[0], question: shared, source_type: 'test/code-copy', gemini_length: 5000 });
    writeJsonl(join(tmp.dir, 'math.jsonl'), math);
    writeJsonl(join(tmp.dir, 'code.jsonl'), code);
    db = openDatabase(dbPath);
    await importFiles(db, { files: [join(tmp.dir, 'math.jsonl')], dataset: 'math', preset: 's1' });
    await importFiles(db, { files: [join(tmp.dir, 'code.jsonl')], dataset: 'code', preset: 's1' });
    saveFilterAsSelection(db, 'math-all', { dataset: 'math' });
    saveFilterAsSelection(db, 'code-all', { dataset: 'code' });
  });
  after(() => { db.close(); tmp.cleanup(); });

  it('--from SELECTION:N / :W parses counts (whole numbers) and weights (a decimal point); no suffix is weight 1', () => {
    assert.deepEqual(parseMixSource('s1k:math@2:300'), { selection: 's1k:math@2', count: 300 });
    assert.deepEqual(parseMixSource('s1k:math:0.3'), { selection: 's1k:math', weight: 0.3 });
    assert.deepEqual(parseMixSource('code-all:2.0'), { selection: 'code-all', weight: 2 });
    assert.deepEqual(parseMixSource('code-all:.5'), { selection: 'code-all', weight: 0.5 });
    assert.deepEqual(parseMixSource('openthoughts:code'), { selection: 'openthoughts:code', weight: 1 });
    for (const spec of ['a:300', 'a@2:0.25', 'b:c:2.0']) assert.equal(formatMixSource(parseMixSource(spec)), spec, 'printed as written');
    assert.equal(formatMixSource({ selection: 'a' }), 'a:1.0');
    assert.throws(() => parseMixSource('a:0'), /count must be at least 1/);
    assert.throws(() => parseMixSource('a:0.0'), /weight must be above 0/);
  });

  it('shares the target by weight, counts first, and a short source gives all it has while the others share the rest', () => {
    const src = (available: number, x: { count?: number; weight?: number }) => ({ label: 's', available, ...x });
    assert.deepEqual(allocate([src(100, { weight: 3 }), src(100, { weight: 1 })], 8).take, [6, 2]);
    assert.deepEqual(allocate([src(100, { count: 5 }), src(100, { weight: 1 }), src(100, { weight: 1 })], 10).take, [5, 3, 2]);
    const short = allocate([src(1, { weight: 1 }), src(100, { weight: 1 }), src(100, { weight: 2 })], 10);
    assert.deepEqual(short.take, [1, 3, 6]);
    assert.deepEqual(allocate([src(4, { weight: 1 }), src(7, { weight: 5 })], undefined).take, [4, 7], 'no target: all of each');
    const few = allocate([src(3, { count: 5 })], 5);
    assert.deepEqual(few.take, [3]);
    assert.match(few.warnings.join('\n'), /only 3 samples after dedup, not 5/);
    assert.throws(() => allocate([src(9, { count: 5 }), src(9, { count: 6 })], 10), /add up to 11, above --target 10/);
  });

  it('is reproducible under the seed: the same sources, target and seed give the same selection', () => {
    const opts = { name: 'repro', sources: [{ selection: 'math-all', weight: 1 }, { selection: 'code-all', weight: 1 }], target: 9, seed: 42 };
    const a = mix(db, opts);
    const b = mix(db, opts);
    assert.equal(b.version, a.version + 1);
    assert.deepEqual(b.sampleIds, a.sampleIds);
    assert.deepEqual(selectionSampleIds(db, findSelection(db, b.selection)!.id), a.sampleIds, 'stored in the order drawn');
    const others = [1, 2, 3, 4, 5].map((seed) => mix(db, { ...opts, seed }).sampleIds.join());
    assert.ok(others.some((o) => o !== a.sampleIds.join()), 'another seed draws other samples');
  });

  it('honours per-source counts and weights, and the selection spans both data sets', async () => {
    const r = (await cli(['mix', '--from', 'math-all:5', 'code-all:3', '--seed', '42', '--name', 'counts'])).json() as
      { selection: string; selected: number; sources: { selection: string; taken: number; datasets: string[] }[] };
    assert.deepEqual(r.sources.map((s) => [s.selection, s.taken, s.datasets]), [['math-all@1', 5, ['math']], ['code-all@1', 3, ['code']]]);
    assert.equal(r.selected, 8);
    const ids = selectionSampleIds(db, findSelection(db, r.selection)!.id);
    assert.deepEqual(ids.map(datasetOf), [...Array(5).fill('math'), ...Array(3).fill('code')]);

    const w = (await cli(['mix', '--from', 'math-all:3.0', 'code-all:1.0', '--target', '8', '--name', 'weights'])).json() as { sources: { taken: number; weight: number }[] };
    assert.deepEqual(w.sources.map((s) => [s.weight, s.taken]), [[3, 6], [1, 2]]);
    const mixed = (await cli(['mix', '--from', 'math-all:2', 'code-all', '--target', '6', '--name', 'both'])).json() as { sources: { taken: number }[] };
    assert.deepEqual(mixed.sources.map((s) => s.taken), [2, 4], 'the count first, the weighted source fills the rest');
  });

  it('deduplicates across sources: a question in both data sets enters once, the copy with the longer trace', async () => {
    const r = (await cli(['mix', '--from', 'math-all', 'code-all', '--name', 'union'])).json() as
      { selection: string; selected: number; funnel: { stage: string; kept: number; dropped: number }[]; sources: { duplicates: number; available: number; size: number }[] };
    assert.deepEqual(r.funnel.map((f) => [f.stage, f.kept, f.dropped]), [['sources', 21, 0], ['dedup across sources', 20, 1], ['union', 20, 0]]);
    assert.deepEqual(r.sources.map((s) => [s.size, s.duplicates, s.available]), [[12, 1, 11], [9, 0, 9]]);
    const ids = selectionSampleIds(db, findSelection(db, r.selection)!.id);
    const copies = ids.filter((id) => questionOf(id) === shared);
    assert.equal(copies.length, 1);
    assert.equal(datasetOf(copies[0]), 'code');
    const noDedup = (await cli(['mix', '--from', 'math-all', 'code-all', '--name', 'union', '--no-dedup'])).json() as { selected: number };
    assert.equal(noDedup.selected, 21);
  });

  it('a sample two sources share (two selections of one data set) enters once, from the first source', () => {
    saveFilterAsSelection(db, 'math-again', { dataset: 'math' });
    const r = mix(db, { name: 'overlap', sources: [{ selection: 'math-all', weight: 1 }, { selection: 'math-again', weight: 1 }], dedup: false });
    assert.deepEqual(r.sources.map((s) => [s.size, s.duplicates, s.taken]), [[12, 0, 12], [12, 12, 0]]);
    assert.equal(new Set(r.sampleIds).size, 12);
    assert.equal(findSelection(db, r.selection)!.dataset_id, db.prepare("SELECT id FROM datasets WHERE name = 'math'").pluck().get(), 'one data set: the selection belongs to it');
    assert.equal(findSelection(db, 'union')!.dataset_id, null, 'a mix of two data sets belongs to none');
  });

  it('by default the fuzzy rule also finds one problem written in two markups across sources; copy does not', async () => {
    const t = tempDir();
    const d = openDatabase(join(t.dir, 'f.db'));
    try {
      const aops = 'Let $x_1=97$ , and for $n>1$ let $x_n=\\dfrac{n}{x_{n \\minus{} 1}}$ . Calculate the product $x_1x_2 \\ldots x_8$ .';
      const latex = 'Let $x_1 = 97$, and for $n > 1$ let $x_n = \\frac{n}{x_{n-1}}$. Calculate the product $x_1 x_2 \\cdots x_8$.';
      const rng = seededRng(3);
      writeJsonl(join(t.dir, 'a.jsonl'), [...rows('aops', 2, rng, 10), { ...rows('x', 1, rng, 10)[0], question: aops }]);
      writeJsonl(join(t.dir, 'b.jsonl'), [...rows('clean', 2, rng, 10), { ...rows('y', 1, rng, 50)[0], question: latex }]);
      await importFiles(d, { files: [join(t.dir, 'a.jsonl')], dataset: 'aops', preset: 's1' });
      await importFiles(d, { files: [join(t.dir, 'b.jsonl')], dataset: 'clean', preset: 's1' });
      saveFilterAsSelection(d, 'a', { dataset: 'aops' });
      saveFilterAsSelection(d, 'b', { dataset: 'clean' });
      const sources = [{ selection: 'a', weight: 1 }, { selection: 'b', weight: 1 }];
      const fuzzy = mix(d, { name: 'f', sources });
      assert.deepEqual(fuzzy.funnel.map((f) => [f.stage, f.kept]), [['sources', 6], ['dedup across sources', 5], ['union', 5]]);
      assert.equal(fuzzy.sources[0].duplicates, 1, 'the AoPS copy (shorter trace) goes');
      assert.equal(mix(d, { name: 'c', sources, dedup: { rule: 'copy' } }).selected, 6);
    } finally {
      d.close();
      t.cleanup();
    }
  });

  it("a person's acceptance wins dedup: the accepted copy stays even with the shorter trace", () => {
    const mathCopy = selectionSampleIds(db, findSelection(db, 'math-all')!.id).find((id) => questionOf(id) === shared)!;
    setStatus(db, mathCopy, 'accepted');
    try {
      const r = mix(db, { name: 'accepted-wins', sources: [{ selection: 'math-all', weight: 1 }, { selection: 'code-all', weight: 1 }] });
      assert.deepEqual(r.sampleIds.filter((id) => questionOf(id) === shared), [mathCopy]);
      assert.deepEqual(r.sources.map((s) => s.duplicates), [0, 1]);
    } finally {
      setStatus(db, mathCopy, 'unreviewed');
    }
  });

  it("a person's rejection keeps a sample out of the mix", () => {
    const math = selectionSampleIds(db, findSelection(db, 'math-all')!.id);
    setStatus(db, math[3], 'rejected');
    try {
      const r = mix(db, { name: 'human', sources: [{ selection: 'math-all', weight: 1 }] });
      assert.ok(!r.sampleIds.includes(math[3]));
      assert.equal(r.funnel.find((f) => f.stage === 'human drop')!.dropped, 1);
      assert.equal(r.sources[0].humanDropped, 1);
    } finally {
      setStatus(db, math[3], 'unreviewed');
    }
  });

  it('warns when a count asks for more than a source has, and takes all it has', async () => {
    const r = await cli(['mix', '--from', 'code-all:50', '--name', 'greedy']);
    const out = r.json() as { selected: number; warnings: string[] };
    assert.equal(out.selected, 9);
    assert.match(out.warnings[0], /code-all@1:50 has only 9 samples after dedup, not 50: all 9 taken/);
    assert.match(r.err, /warning: .*only 9 samples/);
  });

  it('unknown selection, bad suffix, counts above the target, no sources, no name: a clear error, exit 2', async () => {
    const unknown = await cli(['mix', '--from', 'math-all', 'nope:0.5', '--name', 'x']);
    assert.equal(unknown.error?.exitCode, 2);
    assert.match(unknown.error!.message, /no selection named 'nope'/);
    assert.equal(unknown.out, '', 'nothing on stdout: main prints the error');
    assert.match((await cli(['mix', '--from', 'math-all:0', '--name', 'x'])).error!.message, /count must be at least 1/);
    assert.match((await cli(['mix', '--from', 'math-all:5', 'code-all:5', '--target', '6', '--name', 'x'])).error!.message, /add up to 10, above --target 6/);
    assert.match((await cli(['mix', '--name', 'x'])).error!.message, /--from SELECTION/);
    assert.match((await cli(['mix', '--from', 'math-all'])).error!.message, /--name NAME/);
    assert.match((await cli(['mix', '--from', 'math-all', 'math-all@1', '--name', 'x'])).error!.message, /named twice/);
    assert.equal(findSelection(db, 'x'), undefined, 'a failed mix stores nothing');
  }).timeout(10_000);

  it('--json prints the selection, the funnel and the per-source counts', async () => {
    const r = (await cli(['mix', '--from', 'math-all:0.5', 'code-all:4', '--target', '7', '--seed', '3', '--name', 'shape'])).json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(r).sort(), ['funnel', 'name', 'seed', 'selected', 'selection', 'sources', 'target', 'version', 'warnings']);
    assert.match(r.selection as string, /^shape@\d+$/);
    assert.equal(r.seed, 3);
    assert.equal(r.target, 7);
    for (const s of r.sources as Record<string, unknown>[]) {
      for (const k of ['selection', 'datasets', 'size', 'humanDropped', 'duplicates', 'available', 'taken']) assert.ok(k in s, `source has ${k}`);
    }
    assert.deepEqual((r.sources as { taken: number }[]).map((s) => s.taken), [3, 4]);
  });

  it('distillery selection lists a mix with the data sets it spans, and shows its samples with theirs', async () => {
    mix(db, { name: 'listed', sources: [{ selection: 'math-all', count: 2 }, { selection: 'code-all', count: 2 }] });
    const all = (await cli(['selection'])).json() as { selections: { name: string; datasets: string[] }[] };
    assert.deepEqual(all.selections.find((s) => s.name === 'listed')!.datasets, ['code', 'math']);
    assert.deepEqual(all.selections.find((s) => s.name === 'math-all')!.datasets, ['math']);
    const one = (await cli(['selection', 'listed'])).json() as { datasets: { dataset: string; count: number }[]; samples: { dataset: string }[]; recipe: { kind: string } };
    assert.deepEqual(one.datasets, [{ dataset: 'code', count: 2 }, { dataset: 'math', count: 2 }]);
    assert.deepEqual(one.samples.map((s) => s.dataset), ['math', 'math', 'code', 'code']);
    assert.equal(one.recipe.kind, 'mix');
    assert.deepEqual((one.recipe as unknown as { sources: { selection: string; count: number }[] }).sources.map((x) => [x.selection, x.count]),
      [['math-all@1', 2], ['code-all@1', 2]], 'the stored recipe pins the versions it read');
    assert.equal(listSelections(db).find((s) => s.name === 'listed')!.count, 4);
    assert.equal(selectionSamples(db, findSelection(db, 'listed')!.id).length, 4);
  });

  it("the recipe schema's mix section has the fields the validation reads", () => {
    const schema = JSON.parse(readFileSync('schemas/recipe.schema.json', 'utf8')) as { anyOf: { required: string[] }[]; properties: { mix: {
      properties: { sources: { items: { properties: Record<string, unknown> } }; dedup: { oneOf: { properties?: Record<string, unknown> }[] } } } } };
    assert.deepEqual(schema.anyOf.map((a) => a.required), [['stages'], ['mix']]);
    assert.deepEqual(Object.keys(schema.properties.mix.properties.sources.items.properties), ['selection', 'count', 'weight']);
    assert.deepEqual(Object.keys(schema.properties.mix.properties.dedup.oneOf[1].properties!).sort(), ['maxDf', 'minCoverage', 'minRatio', 'n', 'rule']);
  });

  it("a recipe's mix section names sources and weights; it is validated field by field; curate refuses a mix-only recipe", async () => {
    const file = join(tmp.dir, 'mix-recipe.json');
    writeFileSync(file, JSON.stringify({ $schema: '../schemas/recipe.schema.json', name: 'stratos-like', target: 6, seed: 42,
      mix: { sources: [{ selection: 'math-all', weight: 2 }, { selection: 'code-all', count: 2 }], dedup: { rule: 'copy', n: 8 } } }));
    const r = (await cli(['mix', '--recipe', file])).json() as { selection: string; sources: { taken: number }[] };
    assert.match(r.selection, /^stratos-like@1$/);
    assert.deepEqual(r.sources.map((s) => s.taken), [4, 2]);
    const again = (await cli(['mix', '--recipe', file])).json() as { selection: string };
    assert.deepEqual(selectionSampleIds(db, findSelection(db, again.selection)!.id), selectionSampleIds(db, findSelection(db, r.selection)!.id));
    assert.throws(() => validateRecipe({ name: 'm', mix: { sources: [] } }), /mix\.sources must be a non-empty array/);
    assert.throws(() => validateRecipe({ name: 'm', mix: { sources: [{ selection: 'a', count: 2, weight: 1 }] } }), /has both 'count' and 'weight'/);
    assert.throws(() => validateRecipe({ name: 'm', mix: { sources: [{ selection: 'a', weight: -1 }] } }), /weight must be a number above 0/);
    assert.throws(() => validateRecipe({ name: 'm', mix: { sources: [{ selection: 'a' }], dedup: { rule: 'some' } } }), /mix\.dedup\.rule must be 'any', 'copy' or 'fuzzy'/);
    assert.throws(() => validateRecipe({ name: 'm', mix: { sources: [{ selection: 'a' }], dedup: { rule: 'fuzzy', minRatio: 2 } } }), /mix\.dedup\.minRatio must be a number in \(0, 1\]/);
    assert.throws(() => validateRecipe({ name: 'm' }), /'stages' must be a non-empty array \(or give a 'mix' section\)/);
    assert.throws(() => curate(db, { dataset: 'math', recipe: loadRecipe(file) }), /no stages, only a mix/);
    const noMix = await cli(['mix', '--recipe', 's1k']);
    assert.match(noMix.error!.message, /has no mix section/);
  });
});
