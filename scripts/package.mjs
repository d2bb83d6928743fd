// `npm run package`: a .vsix for this machine's platform (vsce --target), because it carries better-sqlite3's native
// module as built by `npm ci` here: for the platform, CPU and Node ABI of the Node that ran the install. Writes
// out/native.json (what the module was built for, read by the extension when it cannot be loaded) and
// out/THIRD_PARTY_NOTICES.md (every package inside the bundles or shipped beside them, with its licence text).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VSCE_TARGETS = new Set(['win32-x64', 'win32-arm64', 'linux-x64', 'linux-arm64', 'linux-armhf', 'darwin-x64', 'darwin-arm64', 'alpine-x64', 'alpine-arm64']);
const musl = process.platform === 'linux' && !process.report?.getReport()?.header?.glibcVersionRuntime;
const target = `${musl ? 'alpine' : process.platform}-${process.arch === 'arm' ? 'armhf' : process.arch}`;
if (!VSCE_TARGETS.has(target)) {
  console.error(`package: VS Code has no extension target for ${target}; supported: ${[...VSCE_TARGETS].join(', ')}`);
  process.exit(2);
}

// Shipped outside the bundles (see .vscodeignore): the native SQLite module, and snappy with the prebuilt binary npm
// installed for this platform (@napi-rs/snappy-<platform>). (The tokenizers' files are in assets/tokenizers.)
const snappyBinaries = existsSync('node_modules/@napi-rs') ? readdirSync('node_modules/@napi-rs').filter((n) => n.startsWith('snappy-')).map((n) => `@napi-rs/${n}`) : [];
const SHIPPED = ['better-sqlite3', 'bindings', 'file-uri-to-path', 'snappy', ...snappyBinaries];

/** Package folders (node_modules/NAME or node_modules/@scope/NAME) that the bundles were built from. */
function bundledPackages() {
  const inputs = JSON.parse(readFileSync('out/bundled-inputs.json', 'utf8'));
  const names = new Set();
  for (const p of inputs) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p);
    if (m) names.add(m[1]);
  }
  return [...names];
}

function licenceText(dir) {
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

const names = [...new Set([...bundledPackages(), ...SHIPPED])].sort();
const missing = [];
const sections = names.map((name) => {
  const dir = join('node_modules', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const licence = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type ?? 'see below';
  const text = licenceText(dir);
  if (!text) missing.push(name);
  return `## ${name} ${pkg.version} (${licence})\n\n${text ? '```\n' + text + '\n```' : `No licence file in the package; its package.json declares ${licence}.`}\n`;
});
writeFileSync('out/THIRD_PARTY_NOTICES.md', `# Third-party software in Distillery ${JSON.parse(readFileSync('package.json', 'utf8')).version}\n\n`
  + 'The extension bundles or ships these packages. The bundled tokenizer files (assets/tokenizers, see its NOTICE.md) are '
  + 'Qwen\'s vocabulary, released by Alibaba Cloud under Apache-2.0, with the added tokens of Qwen2.5 (Apache-2.0) and of '
  + 'DeepSeek-R1-Distill-Qwen (MIT).\n\n' + sections.join('\n'));
writeFileSync('out/native.json', JSON.stringify({ module: 'better-sqlite3', platform: process.platform, arch: process.arch,
  node: process.version, abi: process.versions.modules, target }, null, 1));
if (!existsSync('node_modules/better-sqlite3/build/Release/better_sqlite3.node')) {
  console.error('package: node_modules/better-sqlite3/build/Release/better_sqlite3.node is missing: run npm ci first');
  process.exit(1);
}
const out = `distillery-${target}.vsix`;
execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--target', target, '--out', out], { stdio: 'inherit' });
console.log(`${out}: for ${target} and Node ABI ${process.versions.modules} (Node ${process.version.slice(1)}); ${names.length} third-party packages listed in THIRD_PARTY_NOTICES.md${missing.length ? `; without a licence file: ${missing.join(', ')}` : ''}`);
