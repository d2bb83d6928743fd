// The architecture's boundaries are lint errors; this keeps the rules from being dropped quietly.
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

async function errors(filePath: string, code: string): Promise<string[]> {
  const [r] = await new ESLint().lintText(code, { filePath });
  return r.messages.filter((m) => m.severity === 2).map((m) => m.message);
}

describe('lint boundaries', function () {
  this.timeout(60_000);

  it('src/core may not import vscode', async () => {
    const e = await errors('src/core/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.ok(e.some((m) => /must not import vscode/.test(m)), e.join('\n'));
  });

  it('the webview may not import vscode or store code', async () => {
    const e1 = await errors('webview/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.ok(e1.some((m) => /must not import vscode/.test(m)), e1.join('\n'));
    const e2 = await errors('webview/probe.ts', "import { openDatabase } from '../src/core/store/db';\nexport const y = openDatabase;\n");
    assert.ok(e2.some((m) => /never imports store code/.test(m)), e2.join('\n'));
  });

  it('src/core may not import the CLI, the extension or the engine; the engine may not import the CLI', async () => {
    for (const [from, spec] of [['src/core/probe.ts', '../cli/context'], ['src/core/curate/probe.ts', '../../extension/engine'], ['src/core/a/b/probe.ts', '../../../engine/main']]) {
      const e = await errors(from, `import * as m from '${spec}';\nexport const x = m;\n`);
      assert.ok(e.some((m) => /src\/core must not import src\/cli, src\/extension or src\/engine/.test(m)), `${from} → ${spec}: ${e.join('\n')}`);
    }
    const e = await errors('src/engine/probe.ts', "import { CliError } from '../cli/context';\nexport const x = CliError;\n");
    assert.ok(e.some((m) => /src\/engine must not import src\/cli/.test(m)), e.join('\n'));
    // Core's own modules and packages whose names merely contain a layer's name stay allowed.
    assert.deepEqual(await errors('src/core/grade/probe.ts', "import { a } from './cas-engine';\nimport { b } from '../store/db';\nexport const x = [a, b];\n"), []);
    assert.deepEqual(await errors('src/engine/probe.ts', "import { openDatabase } from '../core/store/db';\nexport const x = openDatabase;\n"), []);
  });

  it('programs run as argument arrays, never through a shell (src, scripts, bench)', async () => {
    const shells = [
      "import { exec } from 'node:child_process';\nexport const x = exec;\n",
      "import * as cp from 'child_process';\nexport const x = cp.execSync;\n",
      "import { spawn } from 'node:child_process';\nexport const x = (f: string) => spawn('python3', [f], { shell: true });\n",
    ];
    for (const file of ['src/core/verify/probe.ts', 'src/extension/probe.ts', 'src/core/store/probe.ts', 'scripts/probe.mjs']) {
      for (const code of shells) {
        const e = await errors(file, code);
        assert.ok(e.some((m) => /argument arrays/.test(m)), `${file}: ${code}\n${e.join('\n')}`);
      }
    }
    const task = await errors('src/extension/probe.ts', "import * as vscode from 'vscode';\nexport const t = new vscode.ShellExecution('distillery import ' + 'x');\n");
    assert.ok(task.some((m) => /argument arrays/.test(m)), task.join('\n'));
    // Argument arrays stay allowed, and SQL outside the store is still caught next to the shell rule.
    assert.deepEqual(await errors('src/core/verify/probe.ts', "import { spawn } from 'node:child_process';\nexport const x = (f: string) => spawn('python3', [f], { shell: false });\n"), []);
    const sql = await errors('src/core/review/probe.ts', "import type { Db } from '../store/db';\nexport const f = (db: Db) => db.prepare('SELECT 1').get();\n");
    assert.ok(sql.some((m) => /SQL in src\/core/.test(m)), sql.join('\n'));
  });

  it('SQL in src/core lives in src/core/store/', async () => {
    const code = "import type { Db } from '../store/db';\n"
      + "export const f = (db: Db, o: { db: Db }) => [db.prepare('SELECT 1').get(), o.db.exec('VACUUM'), db.transaction(() => 1)()];\n";
    const e = await errors('src/core/review/probe.ts', code);
    assert.equal(e.filter((m) => /SQL in src\/core lives in src\/core\/store/.test(m)).length, 3, e.join('\n'));
    assert.deepEqual(await errors('src/core/store/probe.ts', code), []);
    // A regular expression's exec is not SQL.
    assert.deepEqual(await errors('src/core/grade/probe.ts', "export const m = (re: RegExp) => re.exec('x');\n"), []);
  });

  it('the extension may import vscode', async () => {
    assert.deepEqual(await errors('src/extension/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n"), []);
  });
});
