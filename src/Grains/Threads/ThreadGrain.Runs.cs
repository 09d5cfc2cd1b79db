using System.Text.Json;
using System.Text.Json.Nodes;
using Threads.Grains.Serialization;
using Threads.Grains.State.Internal;
using Threads.Grains.Storage;
using Threads.Grains.Threads.Internal;

namespace Threads.Grains.Threads;

public sealed partial class ThreadGrain
{
    /// <inheritdoc/>
    public async Task<RunInfo> StartRunAsync(StartRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Identifiers.RequireIdIfPresent(request.RunId, "runId");
        _validate.Metadata(request.Metadata, "metadata");
        var ttl = request.TtlSeconds ?? StartRunRequest.DefaultTtlSeconds;
        ValidateTtl(ttl, "ttlSeconds");
        var runId = request.RunId ?? Identifiers.NewRunId();
        return await WriteAsync((RunId: runId, Ttl: ttl, Metadata: request.Metadata), static (grain, start, cancellationToken) =>
            grain.TryStartRunAsync(start.RunId, start.Ttl, start.Metadata, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at starting a run, conditional on the header's ETag.</summary>
    private async Task<WriteAttempt<RunInfo>> TryStartRunAsync(string runId, int ttl, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        var current = await DecideAsync(0, CheckWritable, cancellationToken);
        if (await _store.GetRunAsync(Namespace, ThreadId, runId, cancellationToken) is not null)
        {
            throw new AlreadyExistsException($"Run '{runId}' already exists in thread '{ThreadId}'.");
        }

        var now = Now();
        var run = new StoredRun(
            Namespace,
            ThreadId,
            new RunInfo { RunId = runId, Status = RunStatus.Running, StartedAt = now, LeaseExpiresAt = now.AddSeconds(ttl), Metadata = metadata },
            CheckpointCount: 0,
            ttl);
        if (await WriteRunAsync(current, current with { ETag = current.ETag + 1 }, [], run, null, cancellationToken))
        {
            Publish(ThreadEventTypes.RunStarted, current.Thread, Data(run.Run, ThreadsJsonContext.Default.RunInfo));
            return run.Run;
        }

        return WriteAttempt<RunInfo>.Lost;
    }

    /// <inheritdoc/>
    public async Task<RunInfo> CheckpointAsync(string runId, CheckpointRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _validate.Messages(request.Messages, "messages", required: false);
        if (request.Label is { Length: > 256 })
        {
            throw InvalidArgumentException.ForField("label", "must be at most 256 characters");
        }

        if (request.StatePatch is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Undefined) })
        {
            throw InvalidArgumentException.ForField("statePatch", "must be a JSON object (RFC 7396 merge patch)");
        }

        var patch = request.StatePatch is { ValueKind: JsonValueKind.Object } given ? JsonNode.Parse(given.GetRawText()) : null;
        return await WriteAsync((RunId: runId, Request: request, Patch: patch), static (grain, checkpoint, cancellationToken) =>
            grain.TryCheckpointAsync(checkpoint.RunId, checkpoint.Request, checkpoint.Patch, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at a checkpoint: its messages, state patch, the run's renewed lease and the checkpoint in one conditional store call.</summary>
    private async Task<WriteAttempt<RunInfo>> TryCheckpointAsync(string runId, CheckpointRequest request, JsonNode? patch, CancellationToken cancellationToken)
    {
        var current = await DecideAsync(0, CheckWritable, cancellationToken);
        var run = await LiveRunAsync(runId, cancellationToken);
        var now = Now();
        var messages = NewMessages(request.Messages ?? [], current.Thread.LastSeq + 1, runId, now, forceRunId: true);
        var updated = current with
        {
            ETag = current.ETag + 1,
            Thread = current.Thread with
            {
                LastSeq = current.Thread.LastSeq + messages.Length,
                MessageCount = current.Thread.MessageCount + messages.Length,
                UpdatedAt = messages.Length > 0 || patch is not null ? now : current.Thread.UpdatedAt,
            },
        };
        if (patch is not null)
        {
            var before = ParseState(current);
            var after = (JsonObject)JsonMergePatch.Apply(before, patch)!;
            updated = updated with
            {
                StateJson = await ValidateStateAsync(current.Thread.StateSchemaId, after, cancellationToken),
                StateVersion = current.StateVersion + 1,
            };
        }

        var checkpoint = new CheckpointInfo(request.Label, updated.Thread.LastSeq, updated.StateVersion, now);
        var renewed = run with
        {
            Run = run.Run with { LeaseExpiresAt = now.AddSeconds(run.LeaseSeconds), LastCheckpoint = checkpoint },
            CheckpointCount = run.CheckpointCount + 1,
        };
        if (await WriteRunAsync(current, updated, messages, renewed, new StoredCheckpoint(renewed.CheckpointCount, checkpoint), cancellationToken))
        {
            if (messages.Length > 0)
            {
                Publish(ThreadEventTypes.MessagesAppended, updated.Thread, Data(new AppendMessagesResult(messages, updated.Thread.LastSeq), ThreadsJsonContext.Default.AppendMessagesResult));
            }

            Publish(ThreadEventTypes.RunCheckpoint, updated.Thread, Data(renewed.Run, ThreadsJsonContext.Default.RunInfo));
            return renewed.Run;
        }

        return WriteAttempt<RunInfo>.Lost;
    }

    /// <inheritdoc/>
    public Task<RunInfo> CompleteRunAsync(string runId, CancellationToken cancellationToken = default) =>
        EndRunAsync(runId, RunStatus.Completed, error: null, cancellationToken);

    /// <inheritdoc/>
    public Task<RunInfo> FailRunAsync(string runId, EndRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Error is { Length: > 4096 })
        {
            throw InvalidArgumentException.ForField("error", "must be at most 4096 characters");
        }

        return EndRunAsync(runId, RunStatus.Failed, request.Error, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<RunInfo> ResumeRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        return await WriteAsync(runId, static (grain, runId, cancellationToken) => grain.TryResumeRunAsync(runId, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at resuming an interrupted run, conditional on the header's ETag.</summary>
    private async Task<WriteAttempt<RunInfo>> TryResumeRunAsync(string runId, CancellationToken cancellationToken)
    {
        var current = await DecideAsync(0, CheckWritable, cancellationToken);
        var run = await GetStoredRunAsync(runId, cancellationToken);
        var now = Now();
        var status = StatusAt(run.Run, now);
        if (status != RunStatus.Interrupted)
        {
            throw new ConflictException($"Run '{runId}' is {status.ToString().ToLowerInvariant()}, not interrupted; only an interrupted run resumes.");
        }

        var resumed = run with { Run = run.Run with { Status = RunStatus.Running, LeaseExpiresAt = now.AddSeconds(run.LeaseSeconds) } };
        if (await WriteRunAsync(current, current with { ETag = current.ETag + 1 }, [], resumed, null, cancellationToken))
        {
            Publish(ThreadEventTypes.RunStarted, current.Thread, Data(resumed.Run, ThreadsJsonContext.Default.RunInfo));
            return resumed.Run;
        }

        return WriteAttempt<RunInfo>.Lost;
    }

    /// <inheritdoc/>
    public async Task<RunInfo> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        await CurrentAsync(cancellationToken);
        var run = await GetStoredRunAsync(runId, cancellationToken);
        var checkpoints = await _store.ListCheckpointsAsync(Namespace, ThreadId, runId, cancellationToken);
        return run.Run with { Status = StatusAt(run.Run, Now()), Checkpoints = [.. checkpoints.Select(c => c.Checkpoint)] };
    }

    /// <inheritdoc/>
    public async Task<RunPage> ListRunsAsync(RunListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        _validate.Limit(query.Limit, "limit");
        await CurrentAsync(cancellationToken);
        var now = Now();
        var after = query.Cursor is null ? ((DateTimeOffset, string)?)null : Cursor.ReadRuns(query.Cursor);
        // Running and interrupted are both stored as running: the lease tells them apart, so filter after reading.
        IReadOnlyList<RunStatus>? stored = query.Status switch
        {
            null => null,
            RunStatus.Interrupted => [RunStatus.Running],
            { } status => [status],
        };
        var page = new List<RunInfo>(query.Limit);
        while (true)
        {
            var batch = await _store.ListRunsAsync(Namespace, ThreadId, new RunFilter { StoredStatuses = stored, After = after, Limit = query.Limit + 1 }, cancellationToken);
            foreach (var run in batch)
            {
                var shown = run.Run with { Status = StatusAt(run.Run, now) };
                if (query.Status is null || shown.Status == query.Status)
                {
                    if (page.Count == query.Limit)
                    {
                        var last = page[^1];
                        return new RunPage(page, Cursor.ForRuns(last.StartedAt, last.RunId));
                    }

                    page.Add(shown);
                }

                after = (run.Run.StartedAt, run.Run.RunId);
            }

            if (batch.Count <= query.Limit)
            {
                return new RunPage(page, null);
            }
        }
    }

    private async Task<RunInfo> EndRunAsync(string runId, RunStatus status, string? error, CancellationToken cancellationToken)
    {
        return await WriteAsync((RunId: runId, Status: status, Error: error), static (grain, end, cancellationToken) =>
            grain.TryEndRunAsync(end.RunId, end.Status, end.Error, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at ending a running run, conditional on the header's ETag.</summary>
    private async Task<WriteAttempt<RunInfo>> TryEndRunAsync(string runId, RunStatus status, string? error, CancellationToken cancellationToken)
    {
        var current = await DecideAsync(0, CheckWritable, cancellationToken);
        var run = await GetStoredRunAsync(runId, cancellationToken);
        if (run.Run.Status != RunStatus.Running)
        {
            throw new ConflictException($"Run '{runId}' has ended already ({run.Run.Status.ToString().ToLowerInvariant()}).");
        }

        var now = Now();
        var ended = run with { Run = run.Run with { Status = status, EndedAt = now, Error = error } };
        if (await WriteRunAsync(current, current with { ETag = current.ETag + 1 }, [], ended, null, cancellationToken))
        {
            Publish(ThreadEventTypes.RunEnded, current.Thread, Data(ended.Run, ThreadsJsonContext.Default.RunInfo));
            return ended.Run;
        }

        return WriteAttempt<RunInfo>.Lost;
    }

    /// <summary>Writes the header, messages, run and checkpoint in one conditional transaction; false when another writer moved the header first.</summary>
    private async Task<bool> WriteRunAsync(StoredThread current, StoredThread updated, ThreadMessage[] messages, StoredRun run, StoredCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        var batch = new AppendBatch(updated, current.ETag, messages, Idempotency: null) { Run = run, Checkpoint = checkpoint };
        if (await _store.AppendAsync(batch, cancellationToken) == AppendOutcome.Appended)
        {
            _thread = updated;
            if (_tailLoaded && messages.Length > 0)
            {
                _tail.Append(messages);
            }

            return true;
        }

        return false;
    }

    private async Task<StoredRun> LiveRunAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await GetStoredRunAsync(runId, cancellationToken);
        var status = StatusAt(run.Run, Now());
        return status == RunStatus.Running
            ? run
            : throw new ConflictException(status == RunStatus.Interrupted
                ? $"Run '{runId}' is interrupted (its lease lapsed); resume it first."
                : $"Run '{runId}' has ended ({status.ToString().ToLowerInvariant()}).");
    }

    private async Task<StoredRun> GetStoredRunAsync(string runId, CancellationToken cancellationToken)
    {
        Identifiers.RequireIdIfPresent(runId, "runId");
        return await _store.GetRunAsync(Namespace, ThreadId, runId, cancellationToken)
            ?? throw new NotFoundException($"Run '{runId}' was not found in thread '{ThreadId}'.");
    }

    /// <summary>A running run whose lease lapsed reads interrupted: computed on read, no background job.</summary>
    private static RunStatus StatusAt(RunInfo run, DateTimeOffset now) =>
        run.Status == RunStatus.Running && run.LeaseExpiresAt <= now ? RunStatus.Interrupted : run.Status;
}
