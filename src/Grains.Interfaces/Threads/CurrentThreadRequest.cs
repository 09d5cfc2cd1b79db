namespace Threads.Grains;

/// <summary>What a resource's new current thread starts with, if one must be created.</summary>
public sealed record CurrentThreadRequest
{
    /// <summary>Its title.</summary>
    public string? Title { get; init; }

    /// <summary>Its metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Its owner; also only this user's threads are candidates.</summary>
    public string? UserId { get; init; }
}
