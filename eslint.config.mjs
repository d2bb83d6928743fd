// Flat config. The boundary rules are errors: core and webview code never import vscode; the webview never
// imports the store (it asks the extension, which asks the engine); core never imports the CLI, the extension
// or the engine, and the engine never imports the CLI; SQL in src/core lives in src/core/store/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'src/core and webview/ must not import vscode: keep them host-independent.' };
// Relative imports climbing out of src/core (or src/engine) into a layer above it.
const upFrom = (layers) => `^(\\.\\./)+(${layers.join('|')})(/|$)`;
const coreUpward = { regex: upFrom(['cli', 'extension', 'engine']), message: 'src/core must not import src/cli, src/extension or src/engine: they call core, not the other way.' };
const engineUpward = { regex: upFrom(['cli']), message: 'src/engine must not import src/cli: move what both need into src/core.' };
// Statements on a database handle named db (db.prepare, o.db.exec, this.db.transaction...).
const dbCall = "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(prepare|exec|pragma|transaction)$/]";
const sqlOutsideStore = ['db', 'database'].flatMap((name) => [
  { selector: `${dbCall}[callee.object.name='${name}']`, message: 'SQL in src/core lives in src/core/store/: call a store function.' },
  { selector: `${dbCall}[callee.object.property.name='${name}']`, message: 'SQL in src/core lives in src/core/store/: call a store function.' },
]);

// Commands are argument arrays, never a shell string built from user values (paths with spaces, quotes, `;`, `$()`).
const shellMessage = 'Run programs as argument arrays (spawn/execFile, vscode.ProcessExecution), never through a shell.';
const noShell = [
  { selector: "ImportDeclaration[source.value=/^(node:)?child_process$/] > ImportSpecifier[imported.name=/^(exec|execSync)$/]", message: shellMessage },
  { selector: "MemberExpression[object.name=/^(cp|childProcess|child_process)$/][property.name=/^(exec|execSync)$/]", message: shellMessage },
  { selector: "Property[key.name='shell'][value.value=true]", message: shellMessage },
  { selector: "NewExpression[callee.property.name='ShellExecution']", message: shellMessage },
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.vscode-test/**', 'bench/data/**', 'test-results/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [coreUpward] }] },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineUpward] }] },
  },
  {
    files: ['src/**/*.ts', 'scripts/**/*.mjs', 'bench/**/*.mjs'],
    rules: { 'no-restricted-syntax': ['error', ...noShell] },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/store/**'],
    rules: { 'no-restricted-syntax': ['error', ...sqlOutsideStore, ...noShell] },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode, { name: 'better-sqlite3', message: 'The webview never touches the database.' }],
        patterns: [{ group: ['**/core/store', '**/core/store/**', '**/store/*'], message: 'The webview never imports store code: send a request through src/shared/protocol.ts.' }],
      }],
    },
  },
  {
    // Code evaluated inside the page by Playwright sees the browser's globals.
    files: ['test/e2e/**/*.mjs', 'bench/panel.mjs'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly', requestAnimationFrame: 'readonly' } },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', performance: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' } },
  },
);
