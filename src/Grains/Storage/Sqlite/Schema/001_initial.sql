-- Threads on SQLite, schema version 1.
--
-- Design constraints:
-- * Everything is partitioned by namespace (ns): every key and every index starts with it, so no query of one
--   namespace ever reads another's rows.
-- * threads: one row per thread, unique on (ns, id). Every write to it is conditional on etag (raised by one per
--   write), which is what keeps two writers (two silos) from losing each other's changes. Times are unix
--   milliseconds (INTEGER) so that ordering and keyset comparisons are exact. metadata is a JSON object of strings.
-- * threads_by_resource (ns, resource_id, updated_at DESC, id DESC) and threads_by_updated (ns, updated_at DESC,
--   id DESC) are the listing orders: a page of a resource's (or a namespace's) threads is a walk down one index
--   that stops after the page, with (updated_at, id) as the keyset cursor; never a scan of the namespace.
-- * messages: the append-only log, unique on (ns, thread_id, seq), clustered on that key (WITHOUT ROWID), so an
--   append is an insert at the end of the thread's range and any slice of the log is one range read, at the same
--   cost at any length of the thread. A message id is unique within its thread (messages_by_id). body is the JSON
--   of content and metadata; the columns queried on are kept beside it.
-- * messages_by_run (ns, thread_id, run_id, seq), only for messages that have a run: reading one run's messages
--   is a range read too.
-- * idempotency: unique on (ns, key); idempotency_by_thread lets deleting a thread remove its records without a
--   scan.
CREATE TABLE threads (
    ns              TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    resource_id     TEXT,
    user_id         TEXT,
    title           TEXT,
    metadata        TEXT    NOT NULL,
    parent_id       TEXT,
    parent_seq      INTEGER,
    hidden          INTEGER NOT NULL,
    archived        INTEGER NOT NULL,
    message_count   INTEGER NOT NULL,
    last_seq        INTEGER NOT NULL,
    state_schema_id TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    etag            INTEGER NOT NULL,
    PRIMARY KEY (ns, id)
);

CREATE INDEX threads_by_resource ON threads (ns, resource_id, updated_at DESC, id DESC);

CREATE INDEX threads_by_updated ON threads (ns, updated_at DESC, id DESC);

CREATE TABLE messages (
    ns         TEXT    NOT NULL,
    thread_id  TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    id         TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    user_id    TEXT,
    run_id     TEXT,
    created_at INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (ns, thread_id, seq)
) WITHOUT ROWID;

CREATE UNIQUE INDEX messages_by_id ON messages (ns, thread_id, id);

CREATE INDEX messages_by_run ON messages (ns, thread_id, run_id, seq) WHERE run_id IS NOT NULL;

CREATE TABLE idempotency (
    ns           TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    thread_id    TEXT,
    status_code  INTEGER NOT NULL,
    response     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (ns, key)
);

CREATE INDEX idempotency_by_thread ON idempotency (ns, thread_id) WHERE thread_id IS NOT NULL;
