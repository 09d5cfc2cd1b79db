using System.Text.Json.Serialization.Metadata;
using Threads.Grains.Serialization;

namespace Threads.Grains.Idempotency;

/// <summary>Creates the thread <see cref="ThreadId"/>: 201 with it.</summary>
[GenerateSerializer]
[Alias("threads.CreateThreadCall")]
[Immutable]
public sealed record CreateThreadCall : IdempotentCall<ThreadInfo>
{
    /// <summary>The new thread's id, given or generated at the edge (once: a replay does not run the call).</summary>
    [Id(0)]
    public required string ThreadId { get; init; }

    /// <summary>The thread to create.</summary>
    [Id(1)]
    public required CreateThreadRequest Request { get; init; }

    /// <inheritdoc/>
    protected override JsonTypeInfo<ThreadInfo> TypeInfo => ThreadsJsonContext.Default.ThreadInfo;

    /// <inheritdoc/>
    public override async Task<IdempotentAnswer<ThreadInfo>> InvokeAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = await grains.GetThread(Namespace, ThreadId).CreateAsync(Request, cancellationToken);
        return new IdempotentAnswer<ThreadInfo>(201, thread, thread.Id);
    }
}
