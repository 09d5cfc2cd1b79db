-- Threads on SQLite, schema version 2: state, locks, runs, schemas and files.
--
-- Design constraints:
-- * threads gains the thread's state (state_json, its version) and its lock (holder, expiry, and lock_token, the last
--   fencing token issued, which only grows). They live in the thread's row so that every write, conditional on the
--   row's etag, sees the lock and state it was checked against: a write with a stale lock token cannot commit.
-- * runs: unique on (ns, thread_id, run_id); runs_by_start (ns, thread_id, started_at DESC, run_id DESC) is the
--   listing order with (started_at, run_id) as the keyset cursor. A run's status is stored as running, completed or
--   failed; interrupted is computed on read from lease_expires_at.
-- * checkpoints: unique on (ns, thread_id, run_id, number), clustered on it: a run's checkpoints are one range read.
-- * schemas: unique on (ns, id); version is checked on every replacement.
-- * files: unique on (ns, thread_id, filename); the bytes live in the row (at most the file size limit, 10 MiB by
--   default), so a file is written, cloned and erased in the same transaction as its thread. A rowid table: large
--   rows do not belong in a clustered index.
ALTER TABLE threads ADD COLUMN state_json TEXT;
ALTER TABLE threads ADD COLUMN state_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE threads ADD COLUMN lock_holder TEXT;
ALTER TABLE threads ADD COLUMN lock_expires_at INTEGER;
ALTER TABLE threads ADD COLUMN lock_token INTEGER NOT NULL DEFAULT 0;

CREATE TABLE runs (
    ns               TEXT    NOT NULL,
    thread_id        TEXT    NOT NULL,
    run_id           TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    started_at       INTEGER NOT NULL,
    lease_expires_at INTEGER NOT NULL,
    lease_seconds    INTEGER NOT NULL,
    ended_at         INTEGER,
    error            TEXT,
    metadata         TEXT,
    last_checkpoint  TEXT,
    checkpoint_count INTEGER NOT NULL,
    PRIMARY KEY (ns, thread_id, run_id)
) WITHOUT ROWID;

CREATE INDEX runs_by_start ON runs (ns, thread_id, started_at DESC, run_id DESC);

CREATE TABLE checkpoints (
    ns            TEXT    NOT NULL,
    thread_id     TEXT    NOT NULL,
    run_id        TEXT    NOT NULL,
    number        INTEGER NOT NULL,
    label         TEXT,
    seq           INTEGER NOT NULL,
    state_version INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (ns, thread_id, run_id, number)
) WITHOUT ROWID;

CREATE TABLE schemas (
    ns          TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    schema_json TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (ns, id)
) WITHOUT ROWID;

CREATE TABLE files (
    ns         TEXT    NOT NULL,
    thread_id  TEXT    NOT NULL,
    filename   TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    media_type TEXT    NOT NULL,
    bytes      INTEGER NOT NULL,
    content    BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (ns, thread_id, filename)
);
