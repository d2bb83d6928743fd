// Flat config. The two boundary rules are errors: core and webview code never import vscode,
// and the webview never imports the store (it asks the extension, which asks the engine).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'src/core and webview/ must not import vscode: keep them host-independent.' };

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
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
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
