-- Threads on SQLite, schema version 5: appended messages land in a small unclustered table first.
--
-- Design constraints:
-- * messages is clustered on (ns, thread_id, seq), so each thread's newest messages sit on that thread's own last
--   page: a group commit of appends to N threads changed N pages of messages, and every changed page is written to
--   the WAL and synced. Appends now go to recent_messages, whose rows are in insertion order (the rowid), so the
--   appends of one commit, whatever their threads, share its last page or two.
-- * The writer moves every row of recent_messages into messages in one transaction once a few hundred messages have
--   been appended ("folding"): each thread's last page is then changed once per fold, not once per commit. A message
--   is in exactly one of the two tables at any time, and every read, copy and delete of a thread's messages covers
--   both. recent_messages stays small, so reading it without an index on (ns, thread_id) is a short scan.
-- * recent_messages_by_id keeps a message id unique within its thread while its row is here; ids sort by time, so
--   this index too grows at its right edge.
CREATE TABLE recent_messages (
    pos        INTEGER PRIMARY KEY,
    ns         TEXT    NOT NULL,
    thread_id  TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    id         TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    user_id    TEXT,
    run_id     TEXT,
    created_at INTEGER NOT NULL,
    body       TEXT    NOT NULL
);

CREATE UNIQUE INDEX recent_messages_by_id ON recent_messages (id, ns, thread_id);
