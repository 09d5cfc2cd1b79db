namespace Threads.Silo.Apis.Internal;

/// <summary>The body of <c>POST /cleanup</c>: a <see cref="Grains.CleanupRequest"/> with the resource it is limited to.</summary>
internal sealed record CleanupBody
{
    public required DateTimeOffset UpdatedBefore { get; init; }

    public string? ResourceId { get; init; }

    public bool? DryRun { get; init; }
}
