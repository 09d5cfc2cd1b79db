using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Threads.Grains.Storage.Postgres.Internal;

namespace Threads.Grains.Storage.Postgres;

/// <summary>
/// Appends, committed together. A commit costs a disk flush whatever it holds, so appends from many callers go into a
/// queue and each of a few writers takes everything waiting and commits it in one transaction and one round trip:
/// BEGIN, one statement per append, COMMIT. Each statement writes only if its own ETag still matches, so one append's
/// conflict leaves the others in the batch untouched. If the batch fails as a whole, its appends are retried one by one.
/// </summary>
public sealed partial class PostgresThreadStore
{
    // One statement per append, in eight shapes (with or without a run, a checkpoint, an idempotency key), indexed by
    // AppendShape. Parameters: $1…$22 the new header, $23 the expected ETag, $24…$30 the messages, then the run's 15, the
    // checkpoint's 5 and the idempotency record's 7, each only when present. A known key writes nothing (the duplicate);
    // everything else is written only if the ETag-conditional update took effect. Columns: duplicate, appended,
    // recorded. Appended but not recorded means a concurrent request with the same key got there first: the caller
    // rolls back.
    private static readonly string[] AppendSqls = [.. Enumerable.Range(0, 8).Select(static shape => BuildAppendSql((shape & 1) != 0, (shape & 2) != 0, (shape & 4) != 0))];

    private static string BuildAppendSql(bool run, bool checkpoint, bool key)
    {
        const int expected = ThreadRow.Count + 1;
        const int messages = expected + 1;
        const int runAt = messages + 7;
        var checkpointAt = runAt + (run ? RunRows.Count : 0);
        var keyAt = checkpointAt + (checkpoint ? 5 : 0);
        const string updated = "EXISTS (SELECT 1 FROM u)";
        var sql = new System.Text.StringBuilder();
        if (key)
        {
            sql.Append($"WITH k AS (SELECT 1 FROM idempotency WHERE ns = ${keyAt} AND key = ${keyAt + 1}), ");
            sql.Append($"u AS (UPDATE threads SET {ThreadRow.Set} WHERE ns = $1 AND id = $2 AND etag = ${expected} AND NOT EXISTS (SELECT 1 FROM k) RETURNING 1), ");
        }
        else
        {
            sql.Append($"WITH u AS (UPDATE threads SET {ThreadRow.Set} WHERE ns = $1 AND id = $2 AND etag = ${expected} RETURNING 1), ");
        }

        sql.Append($"m AS ({MessageRows.Insert(messages, updated)})");
        if (run)
        {
            sql.Append($", r AS ({RunRows.Upsert(runAt, updated)})");
        }

        if (checkpoint)
        {
            sql.Append($", c AS ({RunRows.InsertCheckpoint(runAt, checkpointAt, updated)})");
        }

        if (key)
        {
            sql.Append(
                $", i AS (INSERT INTO idempotency (ns, key, request_hash, thread_id, status_code, response, created_at) "
                + $"SELECT ${keyAt}, ${keyAt + 1}, ${keyAt + 2}, ${keyAt + 3}, ${keyAt + 4}, ${keyAt + 5}, ${keyAt + 6} WHERE {updated} "
                + "ON CONFLICT DO NOTHING RETURNING 1) "
                + "SELECT EXISTS (SELECT 1 FROM k), EXISTS (SELECT 1 FROM u), EXISTS (SELECT 1 FROM i)");
        }
        else
        {
            sql.Append(" SELECT false, EXISTS (SELECT 1 FROM u), false");
        }

        return sql.ToString();
    }

    // How well group commit works: appends per transaction (1 means no batching happened).
    private static readonly Meter Meter = new("Threads.Storage.Postgres");
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "threads.postgres.append_batch_size", "{append}", "Appends committed in one transaction.");

    /// <inheritdoc/>
    public Task<AppendOutcome> AppendAsync(AppendBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Checkpoint is not null && batch.Run is null)
        {
            throw new ArgumentException("A checkpoint needs its run.", nameof(batch));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingAppend(batch, cancellationToken);
        return _appends.Writer.TryWrite(pending) ? pending.Outcome : throw new ObjectDisposedException(nameof(PostgresThreadStore));
    }

    private async Task WriteAppendsAsync(CancellationToken stopping)
    {
        var reader = _appends.Reader;
        var batch = new List<PendingAppend>(_options.MaxAppendBatch);

        // Runs until the store is disposed and the queue is drained: nothing queued is left without an answer.
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.MaxAppendBatch && reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Cancel();
                }
                else
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count > 0)
            {
                await CommitAppendsAsync(batch, stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task CommitAppendsAsync(List<PendingAppend> batch, CancellationToken stopping)
    {
        batch.Sort(PendingAppend.ByThread);
        try
        {
            if (await TryCommitTogetherAsync(batch, stopping).ConfigureAwait(false) is { } outcomes)
            {
                BatchSize.Record(batch.Count);
                var payloads = new List<string>(batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Complete(outcomes[i]);
                    if (outcomes[i] == AppendOutcome.Appended)
                    {
                        payloads.Add(Payload(batch[i].Batch.Thread));
                    }
                }

                // The callers have their answers; the announcement follows.
                await NotifyAsync(payloads).ConfigureAwait(false);
                return;
            }
        }
        catch (PostgresException e) when (batch.Count > 1)
        {
            // The server refused a statement and rolled the transaction back: nothing was written, so each append
            // is tried again alone and only the one at fault gets the error.
            LogBatchFailed(batch.Count, e);
        }
        catch (Exception e)
        {
            // Unknown outcome (the connection broke, perhaps during COMMIT): retrying could append twice.
            foreach (var pending in batch)
            {
                pending.Fail(e);
            }

            return;
        }

        foreach (var pending in batch)
        {
            try
            {
                var outcome = (await TryCommitTogetherAsync([pending], stopping).ConfigureAwait(false))?[0] ?? AppendOutcome.DuplicateRequest;
                pending.Complete(outcome);
                if (outcome == AppendOutcome.Appended)
                {
                    await NotifyAsync([Payload(pending.Batch.Thread)]).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                pending.Fail(e);
            }
        }
    }

    /// <summary>Commits the appends in one transaction and one round trip; null (rolled back) if a key was taken concurrently.</summary>
    private async Task<AppendOutcome[]?> TryCommitTogetherAsync(List<PendingAppend> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var keyed = false;
        await using var commands = new NpgsqlBatch(connection);
        commands.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        foreach (var pending in batch)
        {
            commands.BatchCommands.Add(AppendCommand(pending.Batch));
            keyed |= pending.Batch.Idempotency is not null;
        }

        // Without idempotency keys nothing can call for a rollback, so COMMIT rides in the same round trip.
        if (!keyed)
        {
            commands.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        var outcomes = new AppendOutcome[batch.Count];
        var raced = false;
        try
        {
            await using (var reader = await commands.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    var (duplicate, appended, recorded) = (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
                    outcomes[i] = duplicate ? AppendOutcome.DuplicateRequest : appended ? AppendOutcome.Appended : AppendOutcome.Conflict;
                    raced |= appended && batch[i].Batch.Idempotency is not null && !recorded;
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (keyed)
            {
                await using var end = new NpgsqlCommand(raced ? "ROLLBACK" : "COMMIT", connection);
                await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (PostgresException)
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            throw;
        }

        return raced ? null : outcomes;
    }

    private NpgsqlBatchCommand AppendCommand(AppendBatch batch)
    {
        var shape = (batch.Run is null ? 0 : 1) | (batch.Checkpoint is null ? 0 : 2) | (batch.Idempotency is null ? 0 : 4);
        var command = new NpgsqlBatchCommand(AppendSqls[shape]);
        ThreadRow.Add(command.Parameters, batch.Thread);
        command.Parameters.Add(Param.Bigint(batch.ExpectedETag));
        MessageRows.Add(command.Parameters, batch.Messages);
        if (batch.Run is { } run)
        {
            RunRows.Add(command.Parameters, run);
        }

        if (batch.Checkpoint is { } checkpoint)
        {
            RunRows.AddCheckpoint(command.Parameters, checkpoint);
        }

        if (batch.Idempotency is { } record)
        {
            AddIdempotency(command.Parameters, record);
        }

        return command;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} appends failed as a whole; retrying each alone.")]
    private partial void LogBatchFailed(int count, Exception exception);
}
