using Microsoft.Extensions.Time.Testing;

namespace Threads.Testing;

/// <summary>The fake clock of the tests: it moves only when a test advances it, and its timers fire as it passes their due time.</summary>
public static class TestClock
{
    /// <summary>Where every test clock starts: a fixed instant, so that stored times and expiries are the same in every run.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A clock at <see cref="Start"/>.</summary>
    public static FakeTimeProvider Create() => new(Start);
}
