-- Threads on SQLite, schema version 3: the message-id index leads with the id.
--
-- Design constraints:
-- * Message ids sort by creation time, so an index that leads with the id grows at its right edge: the appends of one
--   commit, whatever their threads, add their entries to the same last page. Led by (ns, thread_id), the index took
--   one page per thread in the commit, each written to the WAL and synced. Uniqueness is the same: (id, ns, thread_id)
--   is still unique, and a lookup gives all three.
DROP INDEX messages_by_id;

CREATE UNIQUE INDEX messages_by_id ON messages (id, ns, thread_id);
