using System.Text.Json.Serialization.Metadata;
using Threads.Grains.Serialization;

namespace Threads.Grains.Idempotency;

/// <summary>Starts a run in the thread <see cref="ThreadId"/>: 201 with it.</summary>
[GenerateSerializer]
[Alias("threads.StartRunCall")]
[Immutable]
public sealed record StartRunCall : IdempotentCall<RunInfo>
{
    /// <summary>The thread.</summary>
    [Id(0)]
    public required string ThreadId { get; init; }

    /// <summary>The run to start.</summary>
    [Id(1)]
    public required StartRunRequest Request { get; init; }

    /// <inheritdoc/>
    protected override JsonTypeInfo<RunInfo> TypeInfo => ThreadsJsonContext.Default.RunInfo;

    /// <inheritdoc/>
    public override async Task<IdempotentAnswer<RunInfo>> InvokeAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        new(201, await grains.GetThread(Namespace, ThreadId).StartRunAsync(Request, cancellationToken), ThreadId);
}
