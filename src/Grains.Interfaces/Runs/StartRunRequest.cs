namespace Threads.Grains;

/// <summary>Start a run in a thread.</summary>
public sealed record StartRunRequest
{
    /// <summary>The run id; generated (<c>run_</c> and 24 hex digits) when absent.</summary>
    public string? RunId { get; init; }

    /// <summary>String metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The lease, in seconds, that each checkpoint renews. The default is 300.</summary>
    public int TtlSeconds { get; init; } = 300;
}
