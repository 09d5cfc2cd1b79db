using System.Text.Json;

namespace Threads.Grains;

/// <summary>A registered JSON Schema for thread state.</summary>
/// <param name="Id">The schema id within the namespace.</param>
/// <param name="Schema">The JSON Schema document.</param>
/// <param name="Version">Raised each time the schema is replaced.</param>
/// <param name="UpdatedAt">When it was last registered.</param>
[GenerateSerializer]
[Alias("threads.StateSchemaInfo")]
[Immutable]
public sealed record StateSchemaInfo([property: Id(0)] string Id, [property: Id(1)] JsonElement Schema, [property: Id(2)] long Version, [property: Id(3)] DateTimeOffset UpdatedAt);
