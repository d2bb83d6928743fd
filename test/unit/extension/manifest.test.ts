// package.json against the code: the generated review entries are current, every declared command is in the
// command table and every table entry is declared (check-commands), and every context key a `when` reads is declared.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allCommandIds } from '../../../src/extension/commandIds';
import { CONTEXT } from '../../../src/extension/contexts';
import { formatManifest, generateManifest, type Manifest } from '../../../src/extension/manifest';
import { REVIEW_KEYS } from '../../../src/extension/reviewKeys';

const text = readFileSync('package.json', 'utf8');
const pkg = JSON.parse(text) as Manifest & { activationEvents: string[]; contributes: { viewsWelcome: { when?: string }[]; views: Record<string, { id: string }[]> } };

describe('package.json', () => {
  it('holds the generated review entries (else: node scripts/gen-manifest.mjs)', () => {
    const generated = generateManifest(pkg);
    assert.deepEqual(pkg, generated);
    assert.equal(formatManifest(generated), text, 'and in the generator\'s format, so regenerating changes nothing');
  });

  it('declares exactly the commands of the command table', () => {
    const declared = pkg.contributes.commands.map((c) => c.command);
    const table = allCommandIds();
    assert.deepEqual(declared.filter((c) => !table.includes(c)), [], 'declared in package.json but missing from the command table');
    assert.deepEqual(table.filter((c) => !declared.includes(c)), [], 'in the command table but not declared in package.json');
    assert.equal(new Set(table).size, table.length, 'each command once');
  });

  it('gives each review key its own command and key', () => {
    assert.equal(new Set(REVIEW_KEYS.map((k) => k.key)).size, REVIEW_KEYS.length);
    assert.equal(pkg.contributes.keybindings.filter((k) => k.command.startsWith('distillery.review.')).length, 19);
  });

  it('points menus and activation events only at declared commands', () => {
    const declared = new Set(pkg.contributes.commands.map((c) => c.command));
    const used = [
      ...Object.values(pkg.contributes.menus).flat().map((m) => m.command),
      ...pkg.contributes.keybindings.map((k) => k.command),
      ...pkg.activationEvents.filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length)),
    ];
    assert.deepEqual(used.filter((c) => !declared.has(c)), []);
  });

  it('reads only declared context keys in its when clauses', () => {
    const c = pkg.contributes;
    const clauses = [
      ...Object.values(c.menus).flat().map((m) => m.when),
      ...c.keybindings.map((k) => k.when),
      ...c.commands.map((k) => k.enablement),
      ...c.viewsWelcome.map((w) => w.when),
    ].filter((w): w is string => typeof w === 'string');
    const keys = new Set<string>();
    for (const w of clauses) {
      // Keys, not values: drop quoted strings, regexes and the right side of == / !=.
      const bare = w.replace(/'[^']*'/g, '').replace(/=~\s*\/.*?\/(?=\s|$)/g, '').replace(/[!=]=\s*[\w.]+/g, '');
      for (const m of bare.matchAll(/\bdistillery\.[\w.]+/g)) keys.add(m[0]);
    }
    const declared = new Set<string>(Object.values(CONTEXT));
    assert.ok(keys.size >= 4, `found the keys: ${[...keys].join(', ')}`);
    assert.deepEqual([...keys].filter((k) => !declared.has(k)), []);
  });
});
