using Threads.Grains;

namespace Threads.Silo.Apis.Internal;

/// <summary>A page of a namespace's state schemas, by id: <c>{schemas, nextCursor?}</c>.</summary>
internal sealed record StateSchemaPage(IReadOnlyList<StateSchemaInfo> Schemas, string? NextCursor);
