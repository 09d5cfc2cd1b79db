-- Threads on SQLite, schema version 7: full-text search over the log.
--
-- Design constraints:
-- * messages_search is an FTS5 index of each message's searchable text (text parts, tool names, error messages:
--   SearchText), its rowid the message's pos. Contentless: the text is not stored twice, a hit's snippet is cut from
--   messages.body. contentless_delete lets a row be deleted by its rowid; secure-delete removes a deleted message's
--   words from the index at once, not at a later merge, so nothing of a deleted thread stays in the database.
-- * The unicode61 tokenizer, case folded, diacritics kept: the words of a text are its runs of letters and digits,
--   as SearchText splits them for snippets and for the memory store.
-- * Two triggers on messages keep the index in the same transaction as every insert and delete of the log, whatever
--   the write (append, create, clone, import, trim, delete, cleanup). threads_search_text(body) is SearchText of a
--   stored body, a function the store registers on its connections.
-- * Existing messages are indexed here, in the migration's transaction.
CREATE VIRTUAL TABLE messages_search USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');

INSERT INTO messages_search (messages_search, rank) VALUES ('secure-delete', 1);

INSERT INTO messages_search (rowid, text) SELECT pos, threads_search_text(body) FROM messages;

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_search (rowid, text) VALUES (new.pos, threads_search_text(new.body));
END;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
    DELETE FROM messages_search WHERE rowid = old.pos;
END;
