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
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var current = await store.GetSchemaAsync(Key.Namespace, Key.Id, cancellationToken);
            var stored = new StoredSchema(Key.Namespace, Key.Id, json, (current?.Version ?? 0) + 1, StoredTime.Now(time));
            if (await store.PutSchemaAsync(stored, current?.Version ?? 0, cancellationToken))
            {
                return ToInfo(stored);
            }
        }

        throw new ConflictException($"Schema '{Key.Id}' kept changing under this write; retry it.");
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
