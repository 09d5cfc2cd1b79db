namespace Threads.Grains.Storage;

/// <summary>A registered state schema as stored.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Id">The schema id.</param>
/// <param name="SchemaJson">The JSON Schema document.</param>
/// <param name="Version">Raised by every replacement.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record StoredSchema(string Namespace, string Id, string SchemaJson, long Version, DateTimeOffset UpdatedAt);
