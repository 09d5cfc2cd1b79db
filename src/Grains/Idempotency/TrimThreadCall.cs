using System.Text.Json.Serialization.Metadata;
using Threads.Grains.Serialization;

namespace Threads.Grains.Idempotency;

/// <summary>Trims the thread <see cref="ThreadId"/>: 200 with what was removed.</summary>
[GenerateSerializer]
[Alias("threads.TrimThreadCall")]
[Immutable]
public sealed record TrimThreadCall : IdempotentCall<TrimResult>
{
    /// <summary>The thread.</summary>
    [Id(0)]
    public required string ThreadId { get; init; }

    /// <summary>What to keep.</summary>
    [Id(1)]
    public required TrimRequest Request { get; init; }

    /// <inheritdoc/>
    protected override JsonTypeInfo<TrimResult> TypeInfo => ThreadsJsonContext.Default.TrimResult;

    /// <inheritdoc/>
    public override async Task<IdempotentAnswer<TrimResult>> InvokeAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        new(200, await grains.GetThread(Namespace, ThreadId).TrimAsync(Request, cancellationToken), ThreadId);
}
