namespace Threads.Grains;

/// <summary>Messages to append to a thread, all or none.</summary>
[GenerateSerializer]
[Alias("threads.AppendMessagesRequest")]
[Immutable]
public sealed record AppendMessagesRequest
{
    /// <summary>The messages, in order.</summary>
    [Id(0)]
    public required IReadOnlyList<NewMessage> Messages { get; init; }

    /// <summary>If set, the append fails with 412 unless the thread's last seq is this.</summary>
    [Id(1)]
    public long? ExpectedLastSeq { get; init; }

    /// <summary>The run the messages belong to, for those that name none.</summary>
    [Id(2)]
    public string? RunId { get; init; }
}
