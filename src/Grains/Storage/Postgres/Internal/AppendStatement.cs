using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Threads.Grains.Storage.Internal;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>
/// One statement that commits a whole batch of appends: every header, message, run, checkpoint and idempotency record
/// of the batch travels as column arrays, and the server unnests them once. The headers are written by one
/// ETag-conditional <c>UPDATE … FROM</c>, and the other rows are inserted only for the appends whose update took effect
/// (joined on the append's position in the batch), so each append's outcome stays its own. One row per append comes
/// back, in batch order: duplicate (its key is known: nothing written), appended, recorded (its key was written).
/// </summary>
/// <remarks>
/// Per batch this costs one parse-free execution and one plan instead of one statement per append; the parameters are
/// 61 arrays whatever the batch's size. The batch must not hold one idempotency key twice (the caller defers repeats):
/// the record inserted for a key is matched back to its append by the key.
/// </remarks>
internal static class AppendStatement
{
    // The header columns after (ns, id), in ThreadRow's order; the arrays come as $1 (ns), $2 (id), $3… in this order.
    private static readonly string[] HeaderColumns = ThreadRow.Columns.Split(", ")[2..];

    private static readonly string[] RunColumns = RunRows.Columns.Split(", ");

    public static readonly string Sql = Build();

    /// <summary>
    /// The statement for a batch whose appends all only move their log (<see cref="AppendBatch.MovesLogOnly"/>, no run,
    /// no idempotency key), the common case: 16 arrays, and an update of just the four fields an append moves. Same
    /// result rows as <see cref="Sql"/>.
    /// </summary>
    public static readonly string LogOnlySql = $$"""
        WITH h AS (
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7) WITH ORDINALITY AS h(ns, id, last_seq, message_count, updated_at, etag, expected, i)),
        u AS (
            UPDATE threads t SET last_seq = h.last_seq, message_count = h.message_count, updated_at = h.updated_at, etag = h.etag
            FROM h
            WHERE t.ns = h.ns AND t.id = h.id AND t.etag = h.expected
            RETURNING h.i),
        m AS (
            INSERT INTO messages (ns, thread_id, {{MessageRows.InsertColumns}})
            SELECT h.ns, h.id, {{MessageRows.Selected}}
            FROM unnest($8, $9, $10, $11, $12, $13, $14, $15, $16) AS m(i, {{MessageRows.Unnested}})
            JOIN u ON u.i = m.i JOIN h ON h.i = m.i)
        SELECT false, EXISTS (SELECT 1 FROM u WHERE u.i = h.i), false FROM h ORDER BY h.i
        """;

    /// <summary>True if <see cref="LogOnlySql"/> can commit the append.</summary>
    public static bool MovesLogOnly(AppendBatch batch) => batch is { MovesLogOnly: true, Run: null, Idempotency: null };

    /// <summary>Adds the arrays of <see cref="LogOnlySql"/>; every append must satisfy <see cref="MovesLogOnly(AppendBatch)"/>.</summary>
    public static void AddLogOnly(NpgsqlParameterCollection parameters, IReadOnlyList<AppendBatch> batches)
    {
        var n = batches.Count;
        var ns = new string[n];
        var id = new string[n];
        var lastSeq = new long[n];
        var messageCount = new long[n];
        var updatedAt = new DateTimeOffset[n];
        var etag = new long[n];
        var expected = new long[n];
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            var batch = batches[i];
            var thread = batch.Thread.Thread;
            ns[i] = thread.Namespace;
            id[i] = thread.Id;
            lastSeq[i] = thread.LastSeq;
            messageCount[i] = thread.MessageCount;
            updatedAt[i] = thread.UpdatedAt.ToUniversalTime();
            etag[i] = batch.Thread.ETag;
            expected[i] = batch.ExpectedETag;
            total += batch.Messages.Count;
        }

        parameters.Add(Param.Array(ns, NpgsqlDbType.Text));
        parameters.Add(Param.Array(id, NpgsqlDbType.Text));
        parameters.Add(Param.Array(lastSeq, NpgsqlDbType.Bigint));
        parameters.Add(Param.Array(messageCount, NpgsqlDbType.Bigint));
        parameters.Add(Param.Array(updatedAt, NpgsqlDbType.TimestampTz));
        parameters.Add(Param.Array(etag, NpgsqlDbType.Bigint));
        parameters.Add(Param.Array(expected, NpgsqlDbType.Bigint));
        var messages = new MessageRows.Arrays(total);
        for (int i = 0, m = 0; i < n; i++)
        {
            foreach (var message in batches[i].Messages)
            {
                messages.Set(m++, i + 1, message);
            }
        }

        messages.AddTo(parameters, withOwners: true);
    }

    /// <summary>Adds the batch's 61 arrays, in the order <see cref="Sql"/> reads them.</summary>
    public static void Add(NpgsqlParameterCollection parameters, IReadOnlyList<AppendBatch> batches)
    {
        var n = batches.Count;
        var headers = new HeaderArrays(n);
        var keys = new KeyArrays(n);
        var messageCount = 0;
        var runCount = 0;
        var checkpointCount = 0;
        for (var i = 0; i < n; i++)
        {
            var batch = batches[i];
            headers.Set(i, batch);
            keys.Set(i, batch.Idempotency);
            messageCount += batch.Messages.Count;
            runCount += batch.Run is null ? 0 : 1;
            checkpointCount += batch.Checkpoint is null ? 0 : 1;
        }

        var messages = new MessageRows.Arrays(messageCount);
        var runs = new RunArrays(runCount);
        var checkpoints = new CheckpointArrays(checkpointCount);
        for (int i = 0, m = 0, r = 0, c = 0; i < n; i++)
        {
            var batch = batches[i];
            foreach (var message in batch.Messages)
            {
                messages.Set(m++, i + 1, message);
            }

            if (batch.Run is { } run)
            {
                runs.Set(r++, i + 1, run);
            }

            if (batch.Checkpoint is { } checkpoint)
            {
                checkpoints.Set(c++, i + 1, checkpoint);
            }
        }

        headers.AddTo(parameters);
        keys.AddTo(parameters);
        messages.AddTo(parameters, withOwners: true);
        runs.AddTo(parameters);
        checkpoints.AddTo(parameters);
    }

    private static string Build()
    {
        var next = 1;
        string Take(int count)
        {
            var list = string.Join(", ", Enumerable.Range(next, count).Select(static p => "$" + p.ToString(CultureInfo.InvariantCulture)));
            next += count;
            return list;
        }

        var headers = Take(ThreadRow.Count + 1);
        var keys = Take(7);
        var messages = Take(MessageRows.ArrayCount + 1);
        var runs = Take(RunRows.Count + 1);
        var checkpoints = Take(6);
        var set = string.Join(", ", HeaderColumns.Select(static c => $"{c} = h.{c}"));
        var runReplace = string.Join(", ", RunColumns[3..].Select(static c => $"{c} = excluded.{c}"));
        return $"""
            WITH h AS (
                SELECT * FROM unnest({headers}) WITH ORDINALITY AS h(ns, id, {string.Join(", ", HeaderColumns)}, expected, i)),
            k AS (
                SELECT * FROM unnest({keys}) WITH ORDINALITY AS k(ns, key, request_hash, thread_id, status_code, response, created_at, i)
                WHERE key IS NOT NULL),
            dup AS (SELECT k.i FROM k JOIN idempotency x ON x.ns = k.ns AND x.key = k.key),
            u AS (
                UPDATE threads t SET {set}
                FROM h
                WHERE t.ns = h.ns AND t.id = h.id AND t.etag = h.expected AND NOT EXISTS (SELECT 1 FROM dup WHERE dup.i = h.i)
                RETURNING h.i),
            m AS (
                INSERT INTO messages (ns, thread_id, {MessageRows.InsertColumns})
                SELECT h.ns, h.id, {MessageRows.Selected}
                FROM unnest({messages}) AS m(i, {MessageRows.Unnested})
                JOIN u ON u.i = m.i JOIN h ON h.i = m.i),
            rr AS (SELECT * FROM unnest({runs}) AS x(i, {RunRows.Columns})),
            r AS (
                INSERT INTO runs ({RunRows.Columns})
                SELECT {string.Join(", ", RunColumns.Select(static c => "rr." + c))} FROM rr JOIN u ON u.i = rr.i
                ON CONFLICT (ns, thread_id, run_id) DO UPDATE SET {runReplace}),
            c AS (
                INSERT INTO checkpoints (ns, thread_id, run_id, {RunRows.CheckpointColumns})
                SELECT rr.ns, rr.thread_id, rr.run_id, c.number, c.label, c.seq, c.state_version, c.created_at
                FROM unnest({checkpoints}) AS c(i, {RunRows.CheckpointColumns})
                JOIN rr ON rr.i = c.i JOIN u ON u.i = c.i),
            ki AS (
                INSERT INTO idempotency (ns, key, request_hash, thread_id, status_code, response, created_at)
                SELECT k.ns, k.key, k.request_hash, k.thread_id, k.status_code, k.response, k.created_at FROM k JOIN u ON u.i = k.i
                ON CONFLICT DO NOTHING
                RETURNING ns, key)
            SELECT
                EXISTS (SELECT 1 FROM dup WHERE dup.i = h.i),
                EXISTS (SELECT 1 FROM u WHERE u.i = h.i),
                EXISTS (SELECT 1 FROM ki JOIN k ON k.ns = ki.ns AND k.key = ki.key WHERE k.i = h.i)
            FROM h ORDER BY h.i
            """;
    }

    private sealed class HeaderArrays(int n)
    {
        private readonly string[] _ns = new string[n];
        private readonly string[] _id = new string[n];
        private readonly string?[] _resourceId = new string?[n];
        private readonly string?[] _userId = new string?[n];
        private readonly string?[] _title = new string?[n];
        private readonly string[] _metadata = new string[n];
        private readonly string?[] _parentThreadId = new string?[n];
        private readonly long?[] _parentSeq = new long?[n];
        private readonly bool[] _hidden = new bool[n];
        private readonly bool[] _archived = new bool[n];
        private readonly long[] _messageCount = new long[n];
        private readonly long[] _lastSeq = new long[n];
        private readonly string?[] _stateSchemaId = new string?[n];
        private readonly DateTimeOffset[] _createdAt = new DateTimeOffset[n];
        private readonly DateTimeOffset[] _updatedAt = new DateTimeOffset[n];
        private readonly long[] _version = new long[n];
        private readonly long[] _etag = new long[n];
        private readonly string?[] _stateJson = new string?[n];
        private readonly long[] _stateVersion = new long[n];
        private readonly string?[] _lockHolder = new string?[n];
        private readonly DateTimeOffset?[] _lockExpiresAt = new DateTimeOffset?[n];
        private readonly long[] _lockToken = new long[n];
        private readonly long[] _expected = new long[n];

        public void Set(int i, AppendBatch batch)
        {
            var stored = batch.Thread;
            var thread = stored.Thread;
            _ns[i] = thread.Namespace;
            _id[i] = thread.Id;
            _resourceId[i] = thread.ResourceId;
            _userId[i] = thread.UserId;
            _title[i] = thread.Title;
            _metadata[i] = StoredJson.WriteMetadata(thread.Metadata);
            _parentThreadId[i] = thread.Parent?.ThreadId;
            _parentSeq[i] = thread.Parent?.Seq;
            _hidden[i] = thread.Hidden;
            _archived[i] = thread.Archived;
            _messageCount[i] = thread.MessageCount;
            _lastSeq[i] = thread.LastSeq;
            _stateSchemaId[i] = thread.StateSchemaId;
            _createdAt[i] = thread.CreatedAt.ToUniversalTime();
            _updatedAt[i] = thread.UpdatedAt.ToUniversalTime();
            _version[i] = thread.Version;
            _etag[i] = stored.ETag;
            _stateJson[i] = stored.StateJson;
            _stateVersion[i] = stored.StateVersion;
            _lockHolder[i] = stored.LockHolder;
            _lockExpiresAt[i] = stored.LockExpiresAt?.ToUniversalTime();
            _lockToken[i] = stored.LockToken;
            _expected[i] = batch.ExpectedETag;
        }

        public void AddTo(NpgsqlParameterCollection parameters)
        {
            parameters.Add(Param.Array(_ns, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_id, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_resourceId, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_userId, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_title, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_metadata, NpgsqlDbType.Json));
            parameters.Add(Param.Array(_parentThreadId, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_parentSeq, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_hidden, NpgsqlDbType.Boolean));
            parameters.Add(Param.Array(_archived, NpgsqlDbType.Boolean));
            parameters.Add(Param.Array(_messageCount, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_lastSeq, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_stateSchemaId, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_createdAt, NpgsqlDbType.TimestampTz));
            parameters.Add(Param.Array(_updatedAt, NpgsqlDbType.TimestampTz));
            parameters.Add(Param.Array(_version, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_etag, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_stateJson, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_stateVersion, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_lockHolder, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_lockExpiresAt, NpgsqlDbType.TimestampTz));
            parameters.Add(Param.Array(_lockToken, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_expected, NpgsqlDbType.Bigint));
        }
    }

    private sealed class KeyArrays(int n)
    {
        private readonly string?[] _ns = new string?[n];
        private readonly string?[] _key = new string?[n];
        private readonly string?[] _requestHash = new string?[n];
        private readonly string?[] _threadId = new string?[n];
        private readonly int?[] _statusCode = new int?[n];
        private readonly string?[] _response = new string?[n];
        private readonly DateTimeOffset?[] _createdAt = new DateTimeOffset?[n];

        public void Set(int i, IdempotencyRecord? record)
        {
            if (record is null)
            {
                return;
            }

            _ns[i] = record.Namespace;
            _key[i] = record.Key;
            _requestHash[i] = record.RequestHash;
            _threadId[i] = record.ThreadId;
            _statusCode[i] = record.StatusCode;
            _response[i] = record.Response;
            _createdAt[i] = record.CreatedAt.ToUniversalTime();
        }

        public void AddTo(NpgsqlParameterCollection parameters)
        {
            parameters.Add(Param.Array(_ns, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_key, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_requestHash, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_threadId, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_statusCode, NpgsqlDbType.Integer));
            parameters.Add(Param.Array(_response, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_createdAt, NpgsqlDbType.TimestampTz));
        }
    }

    private sealed class RunArrays(int n)
    {
        private readonly long[] _append = new long[n];
        private readonly string[] _ns = new string[n];
        private readonly string[] _threadId = new string[n];
        private readonly string[] _runId = new string[n];
        private readonly string[] _status = new string[n];
        private readonly DateTimeOffset[] _startedAt = new DateTimeOffset[n];
        private readonly DateTimeOffset[] _leaseExpiresAt = new DateTimeOffset[n];
        private readonly DateTimeOffset?[] _endedAt = new DateTimeOffset?[n];
        private readonly string?[] _error = new string?[n];
        private readonly string?[] _metadata = new string?[n];
        private readonly int[] _checkpointCount = new int[n];
        private readonly int[] _leaseSeconds = new int[n];
        private readonly string?[] _lastLabel = new string?[n];
        private readonly long?[] _lastSeq = new long?[n];
        private readonly long?[] _lastStateVersion = new long?[n];
        private readonly DateTimeOffset?[] _lastAt = new DateTimeOffset?[n];

        public void Set(int j, long append, StoredRun stored)
        {
            var run = stored.Run;
            _append[j] = append;
            _ns[j] = stored.Namespace;
            _threadId[j] = stored.ThreadId;
            _runId[j] = run.RunId;
            _status[j] = RunRows.Status(run.Status);
            _startedAt[j] = run.StartedAt.ToUniversalTime();
            _leaseExpiresAt[j] = run.LeaseExpiresAt.ToUniversalTime();
            _endedAt[j] = run.EndedAt?.ToUniversalTime();
            _error[j] = run.Error;
            _metadata[j] = run.Metadata is { } metadata ? StoredJson.WriteMetadata(metadata) : null;
            _checkpointCount[j] = stored.CheckpointCount;
            _leaseSeconds[j] = stored.LeaseSeconds;
            _lastLabel[j] = run.LastCheckpoint?.Label;
            _lastSeq[j] = run.LastCheckpoint?.Seq;
            _lastStateVersion[j] = run.LastCheckpoint?.StateVersion;
            _lastAt[j] = run.LastCheckpoint?.CreatedAt.ToUniversalTime();
        }

        public void AddTo(NpgsqlParameterCollection parameters)
        {
            parameters.Add(Param.Array(_append, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_ns, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_threadId, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_runId, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_status, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_startedAt, NpgsqlDbType.TimestampTz));
            parameters.Add(Param.Array(_leaseExpiresAt, NpgsqlDbType.TimestampTz));
            parameters.Add(Param.Array(_endedAt, NpgsqlDbType.TimestampTz));
            parameters.Add(Param.Array(_error, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_metadata, NpgsqlDbType.Json));
            parameters.Add(Param.Array(_checkpointCount, NpgsqlDbType.Integer));
            parameters.Add(Param.Array(_leaseSeconds, NpgsqlDbType.Integer));
            parameters.Add(Param.Array(_lastLabel, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_lastSeq, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_lastStateVersion, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_lastAt, NpgsqlDbType.TimestampTz));
        }
    }

    private sealed class CheckpointArrays(int n)
    {
        private readonly long[] _append = new long[n];
        private readonly int[] _number = new int[n];
        private readonly string?[] _label = new string?[n];
        private readonly long[] _seq = new long[n];
        private readonly long[] _stateVersion = new long[n];
        private readonly DateTimeOffset[] _createdAt = new DateTimeOffset[n];

        public void Set(int j, long append, StoredCheckpoint checkpoint)
        {
            _append[j] = append;
            _number[j] = checkpoint.Number;
            _label[j] = checkpoint.Checkpoint.Label;
            _seq[j] = checkpoint.Checkpoint.Seq;
            _stateVersion[j] = checkpoint.Checkpoint.StateVersion;
            _createdAt[j] = checkpoint.Checkpoint.CreatedAt.ToUniversalTime();
        }

        public void AddTo(NpgsqlParameterCollection parameters)
        {
            parameters.Add(Param.Array(_append, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_number, NpgsqlDbType.Integer));
            parameters.Add(Param.Array(_label, NpgsqlDbType.Text));
            parameters.Add(Param.Array(_seq, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_stateVersion, NpgsqlDbType.Bigint));
            parameters.Add(Param.Array(_createdAt, NpgsqlDbType.TimestampTz));
        }
    }
}
