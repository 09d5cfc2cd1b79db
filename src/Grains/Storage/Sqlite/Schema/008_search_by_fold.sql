-- Threads on SQLite, schema version 8: the fold writes the search entries itself.
--
-- Design constraints:
-- * In schema 7 a trigger on messages_by_thread inserted each message's search entry, calling back into the store
--   for its searchable text and looking its row up again: that cost about as much as FTS5's own indexing. The writer's
--   fold now reads the log's tail once, in order, and inserts each message's entry (rowid = pos, text = SearchText)
--   with a prepared statement, in the fold's transaction, before it adds the entries by thread and moves the mark:
--   a message still has its search entry exactly while it has its entry by thread.
-- * The delete trigger stays: every delete of a message's entry by thread deletes its search entry with it.
DROP TRIGGER messages_search_insert;
