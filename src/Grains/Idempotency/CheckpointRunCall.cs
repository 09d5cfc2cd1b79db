using System.Text.Json.Serialization.Metadata;
using Threads.Grains.Serialization;

namespace Threads.Grains.Idempotency;

/// <summary>Checkpoints the run <see cref="RunId"/> of the thread <see cref="ThreadId"/>: 200 with the run.</summary>
[GenerateSerializer]
[Alias("threads.CheckpointRunCall")]
[Immutable]
public sealed record CheckpointRunCall : IdempotentCall<RunInfo>
{
    /// <summary>The thread.</summary>
    [Id(0)]
    public required string ThreadId { get; init; }

    /// <summary>The run.</summary>
    [Id(1)]
    public required string RunId { get; init; }

    /// <summary>The checkpoint.</summary>
    [Id(2)]
    public required CheckpointRequest Request { get; init; }

    /// <inheritdoc/>
    protected override JsonTypeInfo<RunInfo> TypeInfo => ThreadsJsonContext.Default.RunInfo;

    /// <inheritdoc/>
    public override async Task<IdempotentAnswer<RunInfo>> InvokeAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        new(200, await grains.GetThread(Namespace, ThreadId).CheckpointAsync(RunId, Request, cancellationToken), ThreadId);
}
