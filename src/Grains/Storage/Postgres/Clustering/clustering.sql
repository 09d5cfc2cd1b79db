-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet, invariant "Npgsql") on PostgreSQL.
--
-- Design constraints.
-- The contract is the provider's, not ours: it loads every row of OrleansQuery ("SELECT QueryKey, QueryText FROM
--   OrleansQuery") at start-up, refuses to start unless each key it knows is present, then runs only those texts,
--   binding parameters by name (@DeploymentId, @Address, ...) and reading result columns by name. So the table names,
--   the column names read back, the query keys and the parameter names are fixed; everything else here is ours. Names
--   are unquoted: PostgreSQL folds them to lower case, the provider's own unquoted SELECT folds the same way, and
--   Npgsql matches the result columns to the provider's PascalCase names case-insensitively. Nothing is
--   schema-qualified: the tables, the functions and the query texts all resolve through the connection's search_path,
--   so the silos and clients must use the same one as the code that ran this script.
-- The keys are those Microsoft.Orleans.Clustering.AdoNet 10.4.2 reads: nine it requires, and
--   CleanupDefunctSiloEntryKey, which it uses when present.
-- OrleansQuery: one text per QueryKey, the primary key. The provider builds a dictionary from the rows (a duplicate key
--   would fail every silo's start), and this script's upserts target it (ON CONFLICT (QueryKey)), so running it again
--   replaces the texts in place.
-- OrleansMembershipVersionTable: one row per DeploymentId (the ClusterId), the primary key. Version is the etag of the
--   whole membership table of that cluster: every insert or update of a membership row is conditional on the Version
--   the writer read and raises it by one, atomically. The row must exist before any silo reads: both reads start from
--   it (LEFT JOIN), so they return the version even when the cluster has no member yet, and the provider fails on an
--   empty result. InsertMembershipVersionKey creates it, once, whoever comes first.
-- OrleansMembershipTable: one row per silo incarnation, unique on (DeploymentId, Address, Port, Generation), the
--   primary key: that is the provider's SiloAddress. A silo restarted on the same endpoint has a new Generation, so it
--   is a new row, while the old incarnation's row stays until it is declared dead and cleaned up. Inserting an
--   incarnation that already has a row must fail (return false), never overwrite it. DeploymentId leads the key, so
--   every query of one cluster (all of them filter on it) is a range of the primary key index; no other index is
--   needed. Each row belongs to an existing version row (foreign key): a member without a version could never be read.
-- Concurrency: the two versioned writes (insert, update) are functions that first lock the cluster's version row, and
--   only while it still holds the caller's version (SELECT ... FOR UPDATE re-checks the condition against the newest
--   row after waiting). Writers of one cluster therefore queue on that lock; the one behind sees the raised version and
--   gets false, and a write that changes nothing (row missing, or already there) leaves the version as it was.
--   I-am-alive updates are deliberately not versioned (the protocol does not need them to be, and they are the most
--   frequent write), and neither is the clean-up of rows already Dead, a final status. Each statement of the functions
--   takes a fresh snapshot (READ COMMITTED, VOLATILE), so after the lock they see what the previous writer committed.
-- Times are timestamptz (the provider binds UTC DateTimes), kept to the microsecond.
-- Idempotent: CREATE TABLE IF NOT EXISTS, CREATE OR REPLACE FUNCTION, upserts of the query rows. The caller runs the
--   whole script in one transaction under an advisory lock, so silos starting together do not race on the catalog.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  text NOT NULL,
    QueryText text NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId text        NOT NULL,
    Timestamp    timestamptz NOT NULL DEFAULT now(),
    Version      integer     NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId text        NOT NULL,
    Address      text        NOT NULL,
    Port         integer     NOT NULL,
    Generation   integer     NOT NULL,
    SiloName     text        NOT NULL,
    HostName     text        NOT NULL,
    Status       integer     NOT NULL,
    ProxyPort    integer     NOT NULL,
    SuspectTimes text        NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Adds a silo incarnation if the caller's table version is still current and the incarnation has no row yet; raises the
-- version only then. True when the row was added.
CREATE OR REPLACE FUNCTION threads_orleans_membership_insert(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_silo_name       text,
    p_host_name       text,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS boolean
LANGUAGE plpgsql
VOLATILE
AS $function$
BEGIN
    -- The version row is the cluster's lock: taken only when it still holds the version the caller read.
    PERFORM 1
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment_id AND Version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
         p_start_time, p_i_am_alive_time)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
    IF NOT FOUND THEN
        -- The incarnation is already there: nothing written, so the version must not move either.
        RETURN false;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment_id;
    RETURN true;
END
$function$;

-- Changes a silo incarnation's status, suspicions and i-am-alive time if the caller's table version is still current
-- and the row exists; raises the version only then. True when the row was changed.
CREATE OR REPLACE FUNCTION threads_orleans_membership_update(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_status          integer,
    p_suspect_times   text,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS boolean
LANGUAGE plpgsql
VOLATILE
AS $function$
BEGIN
    PERFORM 1
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment_id AND Version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE OrleansMembershipTable
    SET Status = p_status, SuspectTimes = p_suspect_times, IAmAliveTime = p_i_am_alive_time
    WHERE DeploymentId = p_deployment_id AND Address = p_address AND Port = p_port AND Generation = p_generation;
    IF NOT FOUND THEN
        -- The row was cleaned up (or never inserted): nothing written, so the version must not move either.
        RETURN false;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment_id;
    RETURN true;
END
$function$;

-- The provider's queries. Result columns it reads by name: QueryKey, QueryText; Address, Port, Generation, SiloName,
-- HostName, Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime, Version; for the gateways Address, ProxyPort,
-- Generation; a single column (read as a boolean) for the three conditional writes.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'InsertMembershipVersionKey',
    -- Exactly one row either way: the provider reads the first row as "was it created".
    $query$
    WITH created AS
    (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM created) AS Created;
    $query$
),
(
    'InsertMembershipKey',
    $query$
    SELECT threads_orleans_membership_insert(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
        @StartTime, @IAmAliveTime, @Version) AS Inserted;
    $query$
),
(
    'UpdateMembershipKey',
    $query$
    SELECT threads_orleans_membership_update(
        @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version) AS Updated;
    $query$
),
(
    'UpdateIAmAlivetimeKey',
    -- Not versioned: a heartbeat must neither wait for nor invalidate the other silos' versioned writes.
    $query$
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
    $query$
),
(
    'MembershipReadRowKey',
    -- One statement, so the row and the version come from one snapshot, as the protocol requires. The version row
    -- drives the join: with no such member the result is one row of NULL member columns and the version.
    $query$
    SELECT m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
           m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
        ON m.DeploymentId = v.DeploymentId
       AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
    $query$
),
(
    'MembershipReadAllKey',
    $query$
    SELECT m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
           m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
    $query$
),
(
    'GatewaysQueryKey',
    -- @Status is SiloStatus.Active; a ProxyPort of 0 is a silo without a gateway.
    $query$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
    $query$
),
(
    'DeleteMembershipTableEntriesKey',
    -- Members first: the foreign key refuses the version row while they exist. Both statements go in one batch,
    -- which PostgreSQL runs as one implicit transaction.
    $query$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
    $query$
),
(
    'CleanupDefunctSiloEntriesKey',
    -- The fallback the provider uses when CleanupDefunctSiloEntryKey is absent: every Dead (6) row whose last sign of
    -- life (i-am-alive, or the start of one that never sent one) is older than the cut-off. Dead is final, so such a
    -- row can never matter again. Not versioned: no live silo's view depends on it.
    $query$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = 6
      AND greatest(IAmAliveTime, StartTime) < @IAmAliveTime;
    $query$
),
(
    'CleanupDefunctSiloEntryKey',
    -- Optional for the provider, and preferred when present: it reads the table, picks the Dead rows older than the
    -- cut-off itself, and deletes them one by one with the values it read (@SuspectTimes is bound too; not compared,
    -- as its text need not round-trip exactly). Deleted only if still Dead and not heard from since the read.
    $query$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
      AND Status = 6
      AND StartTime <= @StartTime
      AND IAmAliveTime <= @IAmAliveTime;
    $query$
)
ON CONFLICT (QueryKey) DO UPDATE
SET QueryText = EXCLUDED.QueryText
-- Rewrite only what changed, so a routine start leaves the rows (and their tuples) alone.
WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
