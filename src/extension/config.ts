// Typed view of the `distillery.*` settings (rust-analyzer style): one place reads workspace.getConfiguration.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_DB_PATH } from '../core/store/paths';
import { BUNDLED_TOKENIZERS } from '../core/tokenize/model';

export const CONFIG_SECTION = 'distillery';

export const BUILTIN_LABELS = ['wrong-answer', 'ascii-art', 'image-reference', 'contamination', 'duplicate', 'truncated', 'language', 'other'];

/** Settings whose change needs a restart of the engine process. */
const ENGINE_SETTINGS = ['nodePath', 'databasePath', 'tokenizerPath'];

export class Config {
  constructor(private readonly context: vscode.ExtensionContext) {}

  private get cfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(CONFIG_SECTION);
  }

  /** For resource-scoped settings (databasePath): read for the first workspace folder, where the database lives. */
  private get folderCfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(CONFIG_SECTION, vscode.workspace.workspaceFolders?.[0]?.uri ?? null);
  }

  /** The Node.js executable for the engine and CLI tasks: a name looked up on PATH, or a path. */
  get nodePath(): string {
    const v = this.cfg.get<string>('nodePath', 'node');
    return v && v.trim() ? expandHome(v.trim()) : 'node';
  }

  /** The setting as written, for messages. */
  get rawDatabasePath(): string {
    return this.folderCfg.get<string>('databasePath', '') ?? '';
  }

  /** Absolute path of the workspace database. */
  get databasePath(): string {
    const raw = this.rawDatabasePath.trim();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (raw) {
      const p = expandHome(substituteVariables(raw, folder));
      if (path.isAbsolute(p)) return p;
      return path.resolve(folder ?? this.context.globalStorageUri.fsPath, p);
    }
    // No folder open: keep one database in the extension's global storage.
    return folder ? path.join(folder, DEFAULT_DB_PATH) : path.join(this.context.globalStorageUri.fsPath, 'distillery.db');
  }

  /** The model's tokenizer for token counts (a folder or tokenizer.json; '' = Qwen3's), as DISTILLERY_TOKENIZER. */
  get tokenizerEnv(): Record<string, string> {
    const raw = this.folderCfg.get<string>('tokenizerPath', '')?.trim() ?? '';
    if (!raw) return {};
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const p = expandHome(substituteVariables(raw, folder));
    const bundled = (BUNDLED_TOKENIZERS as readonly string[]).includes(p);
    return { DISTILLERY_TOKENIZER: bundled || path.isAbsolute(p) || !folder ? p : path.resolve(folder, p) };
  }

  /** Restarts of the engine allowed in quick succession before giving up. */
  get maxQuickRestarts(): number {
    return Math.max(0, this.cfg.get<number>('engine.maxRestarts', 4));
  }

  /** Labels offered in the review panel after the built-in ones (keys 1-9 toggle the first nine). */
  get reviewLabels(): string[] {
    const extra = this.cfg.get<string[]>('review.labels', []) ?? [];
    return [...new Set([...BUILTIN_LABELS, ...extra.map((l) => l.trim()).filter(Boolean)])];
  }

  /** Accept / reject in the review panel move on to the next sample. */
  get reviewAdvanceAfterDecision(): boolean {
    return this.cfg.get<boolean>('review.advanceAfterDecision', true) !== false;
  }

  get extensionPath(): string {
    return this.context.extensionPath;
  }

  /** Absolute path of the bundled engine and CLI. */
  get enginePath(): string {
    return this.context.asAbsolutePath(path.join('out', 'engine.js'));
  }
  get cliPath(): string {
    return this.context.asAbsolutePath(path.join('out', 'cli.js'));
  }

  static affectsEngine(e: vscode.ConfigurationChangeEvent): boolean {
    return ENGINE_SETTINGS.some((k) => e.affectsConfiguration(`${CONFIG_SECTION}.${k}`));
  }
}

function expandHome(p: string): string {
  const home = process.env.HOME ?? process.env.USERPROFILE;
  return home && (p === '~' || p.startsWith('~/')) ? path.join(home, p.slice(1)) : p;
}

function substituteVariables(p: string, folder: string | undefined): string {
  return folder ? p.replace(/\$\{workspaceFolder\}/g, folder) : p;
}
