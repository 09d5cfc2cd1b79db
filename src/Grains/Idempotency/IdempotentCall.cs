using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Threads.Grains.Idempotency;

/// <summary>
/// A keyed POST other than an append, as data, so that the <see cref="IIdempotencyGrain"/> of its key can carry it out
/// on whichever silo that grain lives.
/// </summary>
/// <typeparam name="T">The answer's body.</typeparam>
[GenerateSerializer]
[Alias("threads.IdempotentCall`1")]
[Immutable]
public abstract record IdempotentCall<T>
{
    /// <summary>The namespace the call writes to.</summary>
    [Id(0)]
    public required string Namespace { get; init; }

    /// <summary>How the body is kept in the record; the same form the first answer was kept in.</summary>
    protected abstract JsonTypeInfo<T> TypeInfo { get; }

    /// <summary>Carries the call out through the grains.</summary>
    public abstract Task<IdempotentAnswer<T>> InvokeAsync(IGrainFactory grains, CancellationToken cancellationToken);

    /// <summary>The body as a record keeps it.</summary>
    public string Write(T value) => JsonSerializer.Serialize(value, TypeInfo);

    /// <summary>A body a record kept.</summary>
    public T Read(string json) => JsonSerializer.Deserialize(json, TypeInfo)!;
}
