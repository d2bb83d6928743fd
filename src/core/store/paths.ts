// Where the workspace database lives unless told otherwise, relative to the workspace (or current) folder.
// A module of its own, without SQLite, so the extension host reads the same constant as the engine and CLI.
export const DEFAULT_DB_PATH = '.distillery/distillery.db';
