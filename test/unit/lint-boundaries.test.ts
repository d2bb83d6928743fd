// The architecture's two boundaries are lint errors; this keeps the rules from being dropped quietly.
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

  it('the extension may import vscode', async () => {
    assert.deepEqual(await errors('src/extension/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n"), []);
  });
});
