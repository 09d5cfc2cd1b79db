namespace Threads.Grains;

/// <summary>Start a run in a thread.</summary>
[GenerateSerializer]
[Alias("threads.StartRunRequest")]
[Immutable]
public sealed record StartRunRequest
{
    /// <summary>The run id; generated (<c>run_</c> and 24 hex digits) when absent.</summary>
    [Id(0)]
    public string? RunId { get; init; }

    /// <summary>String metadata.</summary>
    [Id(1)]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The lease <see cref="TtlSeconds"/> stands for when absent.</summary>
    public const int DefaultTtlSeconds = 300;

    /// <summary>The lease, in seconds, that each checkpoint renews; <see cref="DefaultTtlSeconds"/> when null.</summary>
    /// <remarks>Nullable rather than initialized to the default: a source-generated JSON reader sets every init-only property, absent ones to 0.</remarks>
    [Id(2)]
    public int? TtlSeconds { get; init; }
}
