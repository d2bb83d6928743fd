// Forward-only schema migrations, versioned with PRAGMA user_version.
// Never edit a released migration: append a new one. A migration is SQL, or a function for steps that need
// the code's own rules (a hash, what counts as missing); each runs in its own transaction (db.ts).
import type Database from 'better-sqlite3';
import { questionKey } from '../ingest/hash';
import { isMissingText } from '../ingest/missing';

export type Migration = string | ((db: Database.Database) => void);

export const MIGRATIONS: readonly Migration[] = [
  // 1: the entities of the architecture page.
  `
  CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'traces',          -- traces | eval
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );

  -- One row per imported file (a file imported twice appears twice: the history of the dataset).
  CREATE TABLE dataset_files (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms INTEGER NOT NULL,
    preset TEXT NOT NULL,
    rows INTEGER NOT NULL,
    traces INTEGER NOT NULL,
    new_samples INTEGER NOT NULL,
    new_traces INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );

  -- A question with its gold answer/solution. hash is a stable content hash (question + gold),
  -- so a re-import finds the same row and every label attached to it survives.
  CREATE TABLE samples (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    question TEXT NOT NULL,
    solution TEXT,
    answer TEXT,
    source TEXT,
    domain TEXT,
    cot_type TEXT,
    metadata TEXT,                                 -- JSON
    features TEXT,                                 -- JSON: featurized columns (correctness flags, lengths)
    status TEXT NOT NULL DEFAULT 'unreviewed'       -- unreviewed | accepted | rejected | flagged (a person's decision)
      CHECK (status IN ('unreviewed','accepted','rejected','flagged')),
    status_at TEXT,
    first_file_id INTEGER REFERENCES dataset_files(id),
    first_line INTEGER,
    UNIQUE (dataset_id, hash)
  );
  CREATE INDEX samples_source ON samples(dataset_id, source);
  CREATE INDEX samples_domain ON samples(dataset_id, domain);

  -- A reasoning trace for a sample: who produced it, thinking and answer parts, token counts.
  CREATE TABLE traces (
    id INTEGER PRIMARY KEY,
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    producer TEXT NOT NULL,                        -- teacher model or run name
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    thinking TEXT NOT NULL,
    answer TEXT NOT NULL,
    thinking_tokens INTEGER,
    answer_tokens INTEGER,
    finish_reason TEXT,
    grade INTEGER,                                  -- 1 correct, 0 wrong, NULL unknown (as the source graded it)
    metadata TEXT,                                  -- JSON
    UNIQUE (sample_id, hash)
  );

  -- Labels on samples or traces. origin 'human' or 'detector:<name>'. A person's label is
  -- never overwritten by a detector re-run (detectors only replace their own origin's rows).
  CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    trace_id INTEGER REFERENCES traces(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    origin TEXT NOT NULL,
    evidence TEXT,                                  -- JSON: matched n-gram and eval item, offending span, ...
    note TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  CREATE UNIQUE INDEX annotations_key ON annotations(sample_id, ifnull(trace_id, 0), label, origin);
  CREATE INDEX annotations_label ON annotations(label);

  -- Named, versioned subsets (the curated 1K) with the recipe, seed and funnel that produced them.
  CREATE TABLE selections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    dataset_id INTEGER REFERENCES datasets(id) ON DELETE CASCADE,
    recipe TEXT,                                    -- JSON
    seed INTEGER,
    funnel TEXT,                                    -- JSON
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (name, version)
  );
  CREATE TABLE selection_items (
    selection_id INTEGER NOT NULL REFERENCES selections(id) ON DELETE CASCADE,
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    PRIMARY KEY (selection_id, sample_id)
  ) WITHOUT ROWID;

  -- Generation, evaluation and training runs.
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                             -- eval | generate | train
    name TEXT NOT NULL,
    config TEXT NOT NULL,                           -- JSON
    backend TEXT,                                   -- vllm | replay | ...
    status TEXT NOT NULL DEFAULT 'pending',         -- pending | running | done | failed | cancelled
    error TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    started_at TEXT,
    finished_at TEXT
  );

  -- One row per (sample, method, budget, repeat) of a run; the unique key makes a resumed run skip finished work.
  CREATE TABLE results (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    method TEXT NOT NULL,
    budget INTEGER,                                 -- NULL = unlimited
    repeat INTEGER NOT NULL DEFAULT 0,
    prompt TEXT,
    full_text TEXT,
    thinking TEXT,
    answer TEXT,
    extracted TEXT,
    grade INTEGER,
    thinking_tokens INTEGER,
    continuations INTEGER,
    finish_reasons TEXT,                            -- JSON array
    wall_ms INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  );
  CREATE UNIQUE INDEX results_key ON results(run_id, sample_id, method, ifnull(budget, -1), repeat);

  -- Responses of the model server keyed by a hash of the request, so a resumed run pays nothing twice.
  CREATE TABLE request_cache (
    key TEXT PRIMARY KEY,
    request TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  ) WITHOUT ROWID;

  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  -- Full-text search over questions and traces: external-content indexes filled after an import
  -- (see fts.ts), so imports stay fast. Deleting an indexed row removes it from its index.
  CREATE VIRTUAL TABLE samples_fts USING fts5(question, content='samples', content_rowid='id', tokenize='unicode61');
  CREATE TRIGGER samples_fts_ad AFTER DELETE ON samples
    WHEN old.id <= ifnull((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'samples_fts_upto'), 0)
  BEGIN
    INSERT INTO samples_fts(samples_fts, rowid, question) VALUES ('delete', old.id, old.question);
  END;
  CREATE VIRTUAL TABLE traces_fts USING fts5(thinking, answer, content='traces', content_rowid='id', tokenize='unicode61');
  CREATE TRIGGER traces_fts_ad AFTER DELETE ON traces
    WHEN old.id <= ifnull((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'traces_fts_upto'), 0)
  BEGIN
    INSERT INTO traces_fts(traces_fts, rowid, thinking, answer) VALUES ('delete', old.id, old.thinking, old.answer);
  END;
  `,

  // 2: re-import of better gold. question_key finds a question's stored sample whatever its gold (a row without
  // gold joins it; a row with gold fills a stored sample that has none); gold and optional text stored as the
  // words None/null/NaN or blank becomes NULL, as import now stores it; each file's fills and conflicts are kept.
  (db) => {
    db.function('distillery_question_key', { deterministic: true }, (q: unknown) => questionKey(String(q)));
    db.function('distillery_missing', { deterministic: true }, (v: unknown) => (v !== null && isMissingText(String(v)) ? 1 : 0));
    db.exec(`
      ALTER TABLE samples ADD COLUMN question_key TEXT;
      UPDATE samples SET question_key = distillery_question_key(question);
      CREATE INDEX samples_question ON samples(dataset_id, question_key);
      ${['answer', 'solution', 'source', 'domain', 'cot_type'].map((c) => `UPDATE samples SET ${c} = NULL WHERE distillery_missing(${c});`).join('\n      ')}
      ALTER TABLE dataset_files ADD COLUMN gold_filled INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE dataset_files ADD COLUMN gold_conflicts INTEGER NOT NULL DEFAULT 0;
    `);
  },

  // Training runs (runs.kind 'train'): the loss curve, one row per logged step (from the trainer's console lines,
  // then corrected from trainer_state.json), and the checkpoints found when the run ended.
  `
  CREATE TABLE train_metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step INTEGER NOT NULL,
    epoch REAL,
    loss REAL,
    learning_rate REAL,
    grad_norm REAL,
    extra TEXT,                                     -- JSON: the dict's other numbers (num_tokens, …)
    source TEXT NOT NULL DEFAULT 'log',             -- log (console line) | state (trainer_state.json)
    PRIMARY KEY (run_id, step)
  ) WITHOUT ROWID;
  CREATE TABLE train_checkpoints (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    step INTEGER,
    final INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, path)
  ) WITHOUT ROWID;
  `,

  // The cost of each evaluation result, for the report: requests sent, prompt tokens and generated tokens as the
  // server counted them (summed over the result's calls). NULL on rows written before this.
  `
  ALTER TABLE results ADD COLUMN requests INTEGER;
  ALTER TABLE results ADD COLUMN prompt_tokens INTEGER;
  ALTER TABLE results ADD COLUMN generated_tokens INTEGER;
  `,

  // The review list pages a data set in id order: an index that keeps that order. With only the question index,
  // every page of the 59K pool sorted the whole data set first (150-300 ms a page, 6 s at offset 20,000).
  'CREATE INDEX IF NOT EXISTS samples_dataset ON samples(dataset_id, id);',

  // Export provenance and repeat exports. dataset_files.sha256: each imported file's SHA-256, computed as the import
  // reads it (NULL for files imported before, and for Parquet, which is read in ranges). text_token_counts: exact
  // token counts of a trace's question and answer (the dataset card's figures) per tokenizer, stored by the first
  // export that counts them so later exports of the same traces skip counting.
  `
  ALTER TABLE dataset_files ADD COLUMN sha256 TEXT;
  CREATE TABLE text_token_counts (
    trace_id INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    tokenizer TEXT NOT NULL,
    question_tokens INTEGER NOT NULL,
    answer_tokens INTEGER NOT NULL,
    PRIMARY KEY (trace_id, tokenizer)
  ) WITHOUT ROWID;
  `,
  // Search's impact lists (fts-impact.ts): each full-text index is cut into segments of row ids (lo, hi]; per
  // segment, every term (kind 0) and every prefix shared by several terms with many rows (kind 1) keeps its rows
  // with the best bm25 contribution (row, hits, size), so a search's first page reads a few short lists instead of
  // every occurrence. Deleting an indexed row marks its segment dirty; the next index build rebuilds it.
  `
  CREATE TABLE search_segments (
    ix TEXT NOT NULL,
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL,
    docs INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    avgdl REAL NOT NULL,
    dirty INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ix, lo)
  ) WITHOUT ROWID;
  CREATE TABLE search_lists (
    ix TEXT NOT NULL,
    seg INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    key TEXT NOT NULL,
    df INTEGER NOT NULL,
    rest REAL,
    entries BLOB NOT NULL,
    PRIMARY KEY (ix, seg, kind, key)
  ) WITHOUT ROWID;
  CREATE TRIGGER search_segments_samples_ad AFTER DELETE ON samples BEGIN
    UPDATE search_segments SET dirty = 1 WHERE ix = 'samples_fts' AND dirty = 0 AND old.id > lo AND old.id <= hi;
  END;
  CREATE TRIGGER search_segments_traces_ad AFTER DELETE ON traces BEGIN
    UPDATE search_segments SET dirty = 1 WHERE ix = 'traces_fts' AND dirty = 0 AND old.id > lo AND old.id <= hi;
  END;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
