-- Threads on SQLite, schema version 7: full-text search over the log.
--
-- Design constraints:
-- * messages_search is an FTS5 index of each message's searchable text (text parts, tool names, error messages:
--   SearchText), its rowid the message's pos. Contentless: the text is not stored twice, a hit's snippet is cut from
--   messages.body. contentless_delete lets a row be deleted by its rowid; secure-delete removes a deleted message's
--   words from the index at once, not at a later merge, so nothing of a deleted thread stays in the database.
-- * The unicode61 tokenizer, case folded, diacritics kept: the words of a text are its runs of letters and digits,
--   as SearchText splits them for snippets, for the log's tail and for the memory store.
-- * It is kept with messages_by_thread (schema 6), by triggers: a message has its entry exactly while it has its
--   entry by thread, that is once the writer's fold has indexed it (pos <= message_fold.through). The fold writes a
--   few hundred messages in one transaction: FTS5 writes a segment per transaction, which costs about three times more
--   per message in an append's commit of a few messages than in a fold. A search reads the index and matches the
--   tail (pos > through, at most a fold's worth of rows, folded within a second once writes pause) in one statement,
--   so a message is found once its append is acknowledged, one way or the other, never both. Every delete of a
--   message (trim, delete, cleanup) deletes its entry by thread, and so its search entry, in the same transaction.
-- * threads_search_text(body) is SearchText of a stored body, a function the store registers on its writer.
-- * The messages folded before this version are indexed here, in the migration's transaction.
CREATE VIRTUAL TABLE messages_search USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');

INSERT INTO messages_search (messages_search, rank) VALUES ('secure-delete', 1);

INSERT INTO messages_search (rowid, text)
SELECT b.pos, threads_search_text(m.body) FROM messages_by_thread b JOIN messages m ON m.pos = b.pos;

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages_by_thread BEGIN
    INSERT INTO messages_search (rowid, text) SELECT new.pos, threads_search_text(body) FROM messages WHERE pos = new.pos;
END;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages_by_thread BEGIN
    DELETE FROM messages_search WHERE rowid = old.pos;
END;
