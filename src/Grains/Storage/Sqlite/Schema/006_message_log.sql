-- Threads on SQLite, schema version 6: every message is written once, into a log in insertion order; the index by
-- thread is caught up in batches.
--
-- Design constraints:
-- * messages is now a rowid table in insertion order (pos): an append, whatever its thread, adds its row at the
--   table's right edge, so the appends of one commit share its last page or two, and a message's row is never moved
--   again. In schema 5 each message was written twice (into recent_messages, then into the clustered log), and each
--   move rewrote every thread's last log pages and their siblings: 172 pages for 256 messages.
-- * messages_by_thread (ns, thread_id, seq) -> pos is the index by thread, kept as a table of its own (WITHOUT ROWID)
--   so that appends do not touch it: the writer inserts the entries of every message past message_fold.through in one
--   transaction once a few hundred messages have come ("folding"), then moves through to the last pos. Each thread's
--   entries are small, so a fold changes about one page per thread it covers. It is unique on (ns, thread_id, seq);
--   before its fold a message's seq is kept unique by the thread row's etag, which every append is conditional on.
-- * A message is read through messages_by_thread when pos <= message_fold.through, else by a short scan of the
--   log's tail (pos > through), which never holds more than a fold's worth of rows for long. A new row's pos is
--   always past through, even after the newest rows were deleted (see SqliteWriter), so a row is found one way or
--   the other, never both, never neither.
-- * messages_by_id keeps a message id unique within its thread; ids sort by time, so it grows at its right edge.
-- * messages_by_run (ns, thread_id, run_id, seq), only for messages that have a run: one run's messages are a range
--   read of the index, as before.
CREATE TABLE message_log (
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

INSERT INTO message_log (ns, thread_id, seq, id, role, user_id, run_id, created_at, body)
SELECT ns, thread_id, seq, id, role, user_id, run_id, created_at, body FROM (
    SELECT ns, thread_id, seq, id, role, user_id, run_id, created_at, body FROM messages
    UNION ALL
    SELECT ns, thread_id, seq, id, role, user_id, run_id, created_at, body FROM recent_messages)
ORDER BY ns, thread_id, seq;

DROP TABLE recent_messages;

DROP TABLE messages;

ALTER TABLE message_log RENAME TO messages;

CREATE UNIQUE INDEX messages_by_id ON messages (id, ns, thread_id);

CREATE TABLE messages_by_thread (
    ns        TEXT    NOT NULL,
    thread_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    pos       INTEGER NOT NULL,
    run_id    TEXT,
    PRIMARY KEY (ns, thread_id, seq)
) WITHOUT ROWID;

INSERT INTO messages_by_thread (ns, thread_id, seq, pos, run_id) SELECT ns, thread_id, seq, pos, run_id FROM messages ORDER BY ns, thread_id, seq;

CREATE INDEX messages_by_run ON messages_by_thread (ns, thread_id, run_id, seq) WHERE run_id IS NOT NULL;

CREATE TABLE message_fold (through INTEGER NOT NULL);

INSERT INTO message_fold (through) SELECT coalesce(max(pos), 0) FROM messages;
