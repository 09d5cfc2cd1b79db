namespace Threads.Grains;

/// <summary>Drop a thread's older messages; the kept ones keep their seq.</summary>
/// <param name="KeepLast">How many of the newest messages to keep (0 or more).</param>
/// <param name="KeepSystem">Keep system messages whatever their age.</param>
[GenerateSerializer]
[Alias("threads.TrimRequest")]
[Immutable]
public sealed record TrimRequest([property: Id(0)] int KeepLast, [property: Id(1)] bool KeepSystem = true);
