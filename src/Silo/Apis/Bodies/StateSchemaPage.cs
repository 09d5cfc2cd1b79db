using Threads.Grains;

namespace Threads.Silo.Apis.Bodies;

/// <summary>A page of a namespace's state schemas, by id: <c>{schemas, nextCursor?}</c>.</summary>
internal sealed record StateSchemaPage(IReadOnlyList<StateSchemaInfo> Schemas, string? NextCursor);
