using System.Text.Json;
using Threads.Grains.Storage;

namespace Threads.Grains.State;

/// <summary>One registered state schema; its turns serialize replacements on a silo, and the store's version check across silos.</summary>
public sealed class StateSchemaGrain(IThreadStore store, TimeProvider time) : Grain, IStateSchemaGrain
{
    private (string Namespace, string Id)? _parsedKey;

    private (string Namespace, string Id) Key => _parsedKey ??= GrainKeys.Parse(this.GetPrimaryKeyString());

    /// <inheritdoc/>
    public async Task<StateSchemaInfo> PutAsync(JsonElement schema, CancellationToken cancellationToken = default)
    {
        var json = schema.GetRawText();
        StateSchemaRegistry.Compile(json);
        return await ConditionalWrite.UntilCommittedAsync(this, json, static (grain, json, cancellationToken) => grain.TryPutAsync(json, cancellationToken), afterLost: null, $"Schema '{Key.Id}'", cancellationToken);
    }

    /// <summary>One attempt at a put, conditional on the version it read (each attempt reads it anew).</summary>
    private async Task<WriteAttempt<StateSchemaInfo>> TryPutAsync(string json, CancellationToken cancellationToken)
    {
        var current = await store.GetSchemaAsync(Key.Namespace, Key.Id, cancellationToken);
        var stored = new StoredSchema(Key.Namespace, Key.Id, json, (current?.Version ?? 0) + 1, StoredTime.Now(time));
        return await store.PutSchemaAsync(stored, current?.Version ?? 0, cancellationToken) ? ToInfo(stored) : WriteAttempt<StateSchemaInfo>.Lost;
    }

    /// <inheritdoc/>
    public async Task<StateSchemaInfo> GetAsync(CancellationToken cancellationToken = default) =>
        ToInfo(await store.GetSchemaAsync(Key.Namespace, Key.Id, cancellationToken)
            ?? throw new NotFoundException($"Schema '{Key.Id}' was not found in namespace '{Key.Namespace}'."));

    /// <inheritdoc/>
    public async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        if (!await store.DeleteSchemaAsync(Key.Namespace, Key.Id, cancellationToken))
        {
            throw new NotFoundException($"Schema '{Key.Id}' was not found in namespace '{Key.Namespace}'.");
        }
    }

    /// <summary>The stored schema as the API shows it.</summary>
    internal static StateSchemaInfo ToInfo(StoredSchema stored)
    {
        using var document = JsonDocument.Parse(stored.SchemaJson);
        return new StateSchemaInfo(stored.Id, document.RootElement.Clone(), stored.Version, stored.UpdatedAt);
    }
}
