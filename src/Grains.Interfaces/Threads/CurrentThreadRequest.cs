namespace Threads.Grains;

/// <summary>What a resource's new current thread starts with, if one must be created.</summary>
[GenerateSerializer]
[Alias("threads.CurrentThreadRequest")]
[Immutable]
public sealed record CurrentThreadRequest
{
    /// <summary>Its title.</summary>
    [Id(0)]
    public string? Title { get; init; }

    /// <summary>Its metadata.</summary>
    [Id(1)]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Its owner; also only this user's threads are candidates.</summary>
    [Id(2)]
    public string? UserId { get; init; }
}
