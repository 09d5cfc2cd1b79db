-- Threads on SQLite, schema version 4: expired idempotency records can be found by age.
--
-- Design constraints:
-- * idempotency_by_created (created_at) lets the retention pass delete the records older than the idempotency
--   window, oldest first and a bounded number at a time, without a scan of the table.
CREATE INDEX idempotency_by_created ON idempotency (created_at);
