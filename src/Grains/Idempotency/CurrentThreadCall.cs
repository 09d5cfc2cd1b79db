using System.Text.Json.Serialization.Metadata;
using Threads.Grains.Serialization;

namespace Threads.Grains.Idempotency;

/// <summary>The current thread of the resource <see cref="ResourceId"/>: 200 with it, or 201 with the one created.</summary>
[GenerateSerializer]
[Alias("threads.CurrentThreadCall")]
[Immutable]
public sealed record CurrentThreadCall : IdempotentCall<ThreadInfo>
{
    /// <summary>The resource.</summary>
    [Id(0)]
    public required string ResourceId { get; init; }

    /// <summary>What a thread created for it holds.</summary>
    [Id(1)]
    public required CurrentThreadRequest Request { get; init; }

    /// <inheritdoc/>
    protected override JsonTypeInfo<ThreadInfo> TypeInfo => ThreadsJsonContext.Default.ThreadInfo;

    /// <inheritdoc/>
    public override async Task<IdempotentAnswer<ThreadInfo>> InvokeAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var found = await grains.GetResourceIndex(Namespace, ResourceId).GetCurrentThreadAsync(Request, cancellationToken);
        return new IdempotentAnswer<ThreadInfo>(found.Created ? 201 : 200, found.Thread, found.Thread.Id);
    }
}
