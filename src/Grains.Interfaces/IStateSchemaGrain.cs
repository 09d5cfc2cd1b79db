using System.Text.Json;

namespace Threads.Grains;

/// <summary>One state schema of a namespace, keyed by namespace and schema id.</summary>
[Alias("threads.IStateSchemaGrain")]
public interface IStateSchemaGrain : IGrainWithStringKey
{
    /// <summary>Registers or replaces the schema; threads using it are validated against the new one from their next state change.</summary>
    /// <exception cref="InvalidArgumentException">The document is not a JSON Schema object.</exception>
    [Alias("Put")]
    Task<StateSchemaInfo> PutAsync(JsonElement schema, CancellationToken cancellationToken = default);

    /// <summary>The schema.</summary>
    /// <exception cref="NotFoundException">No schema has this id.</exception>
    [Alias("Get")]
    Task<StateSchemaInfo> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the schema. Threads that name it keep their state; their state changes are refused until a schema of this id is registered again.</summary>
    /// <exception cref="NotFoundException">No schema has this id.</exception>
    [Alias("Delete")]
    Task DeleteAsync(CancellationToken cancellationToken = default);
}
