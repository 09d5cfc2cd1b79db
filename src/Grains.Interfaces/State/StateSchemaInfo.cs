using System.Text.Json;

namespace Threads.Grains;

/// <summary>A registered JSON Schema for thread state.</summary>
/// <param name="Id">The schema id within the namespace.</param>
/// <param name="Schema">The JSON Schema document.</param>
/// <param name="Version">Raised each time the schema is replaced.</param>
/// <param name="UpdatedAt">When it was last registered.</param>
public sealed record StateSchemaInfo(string Id, JsonElement Schema, long Version, DateTimeOffset UpdatedAt);
