namespace Threads.Grains;

/// <summary>Drop a thread's older messages; the kept ones keep their seq.</summary>
/// <param name="KeepLast">How many of the newest messages to keep (0 or more).</param>
/// <param name="KeepSystem">Keep system messages whatever their age.</param>
public sealed record TrimRequest(int KeepLast, bool KeepSystem = true);
