using System.Text.Json;
using System.Text.Json.Nodes;
using Threads.Grains.Serialization;
using Threads.Grains.State.Internal;
using Threads.Grains.Storage;

namespace Threads.Grains.Threads;

public sealed partial class ThreadGrain
{
    /// <inheritdoc/>
    public async Task<ThreadStateSnapshot> GetStateAsync(CancellationToken cancellationToken = default)
    {
        var current = await CurrentAsync(cancellationToken);
        return new ThreadStateSnapshot(ToElement(ParseState(current)), current.StateVersion);
    }

    /// <inheritdoc/>
    public Task<StateChangeResult> ReplaceStateAsync(JsonElement state, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        if (state.ValueKind != JsonValueKind.Object)
        {
            throw InvalidArgumentException.ForField("state", "must be a JSON object");
        }

        var replacement = (JsonObject)JsonNode.Parse(state.GetRawText())!;
        return ChangeStateAsync(_ => replacement, expectedVersion, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<StateChangeResult> PatchStateAsync(JsonElement patch, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            throw InvalidArgumentException.ForField("patch", "must be a JSON object (RFC 7396 merge patch)");
        }

        var patchNode = JsonNode.Parse(patch.GetRawText());
        return ChangeStateAsync(current => (JsonObject)JsonMergePatch.Apply(current, patchNode)!, expectedVersion, cancellationToken);
    }

    private async Task<StateChangeResult> ChangeStateAsync(Func<JsonObject, JsonObject> change, long? expectedVersion, CancellationToken cancellationToken)
    {
        return await WriteAsync((Change: change, Expected: expectedVersion), static (grain, state, cancellationToken) =>
            grain.TryChangeStateAsync(state.Change, state.Expected, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at a change of the state, validated against the thread's schema and conditional on the header's ETag.</summary>
    private async Task<WriteAttempt<StateChangeResult>> TryChangeStateAsync(Func<JsonObject, JsonObject> change, long? expectedVersion, CancellationToken cancellationToken)
    {
        var current = await DecideAsync(expectedVersion, static (grain, current, expected) =>
        {
            grain.EnsureWritable(current);
            if (expected is { } version && version != current.StateVersion)
            {
                throw new PreconditionFailedException($"The state of thread '{grain.ThreadId}' is at version {current.StateVersion}, not {version}.");
            }
        }, cancellationToken);

        var before = ParseState(current);
        var after = change(before);
        var stateJson = await ValidateStateAsync(current.Thread.StateSchemaId, after, cancellationToken);
        var changedKeys = JsonMergePatch.ChangedKeys(before, after);
        var updated = current with
        {
            Thread = current.Thread with { UpdatedAt = Now() },
            ETag = current.ETag + 1,
            StateJson = stateJson,
            StateVersion = current.StateVersion + 1,
        };
        if (await _store.UpdateThreadAsync(updated, current.ETag, cancellationToken))
        {
            _thread = updated;
            var result = new StateChangeResult(ToElement(after), updated.StateVersion, changedKeys);
            Publish(ThreadEventTypes.StateChanged, updated.Thread, Data(result, ThreadsJsonContext.Default.StateChangeResult));
            return result;
        }

        return WriteAttempt<StateChangeResult>.Lost;
    }

    /// <summary>Checks the state against the size limit and the thread's schema; returns it as stored text.</summary>
    private async Task<string> ValidateStateAsync(string? schemaId, JsonObject state, CancellationToken cancellationToken)
    {
        var json = state.ToJsonString();
        if (System.Text.Encoding.UTF8.GetByteCount(json) > _validate.Limits.MaxStateBytes)
        {
            throw new PayloadTooLargeException($"state: at most {_validate.Limits.MaxStateBytes} bytes of JSON (Threads:Limits:MaxStateBytes)");
        }

        if (schemaId is not null)
        {
            await _schemas.ValidateAsync(Namespace, schemaId, json, cancellationToken);
        }

        return json;
    }

    /// <summary>The initial state of a new thread: the schema's defaults, with the given state merged over them, validated.</summary>
    private async Task<string> InitialStateAsync(CreateThreadRequest request, CancellationToken cancellationToken)
    {
        if (request.State is { ValueKind: not JsonValueKind.Object })
        {
            throw InvalidArgumentException.ForField("state", "must be a JSON object");
        }

        var state = request.StateSchemaId is null ? [] : await _schemas.GetDefaultsAsync(Namespace, request.StateSchemaId, cancellationToken);
        if (request.State is { } given)
        {
            state = (JsonObject)JsonMergePatch.Apply(state, JsonNode.Parse(given.GetRawText()))!;
        }

        return await ValidateStateAsync(request.StateSchemaId, state, cancellationToken);
    }

    private static JsonObject ParseState(StoredThread thread) =>
        thread.StateJson is null ? [] : (JsonObject)JsonNode.Parse(thread.StateJson)!;

    private static JsonElement ToElement(JsonObject state)
    {
        using var document = JsonDocument.Parse(state.ToJsonString());
        return document.RootElement.Clone();
    }
}
