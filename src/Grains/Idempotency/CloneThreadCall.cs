using System.Text.Json.Serialization.Metadata;
using Threads.Grains.Serialization;

namespace Threads.Grains.Idempotency;

/// <summary>Clones the thread <see cref="SourceId"/>: 201 with the clone.</summary>
[GenerateSerializer]
[Alias("threads.CloneThreadCall")]
[Immutable]
public sealed record CloneThreadCall : IdempotentCall<ThreadInfo>
{
    /// <summary>The thread to clone.</summary>
    [Id(0)]
    public required string SourceId { get; init; }

    /// <summary>How to clone it.</summary>
    [Id(1)]
    public required CloneThreadRequest Request { get; init; }

    /// <inheritdoc/>
    protected override JsonTypeInfo<ThreadInfo> TypeInfo => ThreadsJsonContext.Default.ThreadInfo;

    /// <inheritdoc/>
    public override async Task<IdempotentAnswer<ThreadInfo>> InvokeAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var clone = await grains.GetThread(Namespace, SourceId).CloneAsync(Request, cancellationToken);
        return new IdempotentAnswer<ThreadInfo>(201, clone, clone.Id);
    }
}
