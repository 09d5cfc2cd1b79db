using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Threads.Grains.Tests;

/// <summary>Generated ids have their documented form, never repeat (within a thread's block of random bytes, across blocks and across threads), and message ids sort by time.</summary>
public sealed partial class IdentifiersTests
{
    [Fact]
    public void NewIds_OnManyThreads_AreWellFormedAndDistinct()
    {
        var ids = new ConcurrentBag<string>();

        // Several threads, each drawing far more random bytes than one block holds.
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                ids.Add(Identifiers.NewThreadId());
                ids.Add(Identifiers.NewMessageId(TimeProvider.System.GetUtcNow()));
            }
        });

        Assert.Equal(32_000, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches(IdForm(), id));
        Assert.All(ids, id => Assert.True(Identifiers.IsValidId(id), id));
    }

    [Fact]
    public void NewMessageId_SortsByCreationTime()
    {
        var earlier = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var first = Identifiers.NewMessageId(earlier);
        var second = Identifiers.NewMessageId(earlier.AddMilliseconds(1));

        Assert.True(string.CompareOrdinal(first, second) < 0, $"{first} should sort before {second}");
        Assert.StartsWith("msg_" + earlier.ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture), first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("thread_1")]
    [InlineData("a.b:c@d-e_f")]
    public void RequireId_ValidId_ReturnsIt(string id) => Assert.Same(id, Identifiers.RequireId(id, "threadId"));

    [Theory]
    [InlineData("")]
    [InlineData("-leading")]
    [InlineData("has space")]
    [InlineData("trailing\n")]
    public void RequireId_InvalidId_ThrowsNamingTheFieldWithTheRule(string id)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => Identifiers.RequireId(id, "runId"));

        Assert.Equal("runId: must match ^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$", error.Message);
    }

    [Fact]
    public void RequireIdIfPresent_Null_ReturnsNull() => Assert.Null(Identifiers.RequireIdIfPresent(null, "userId"));

    [Fact]
    public void RequireNamespace_Uppercase_ThrowsWithTheRule()
    {
        var error = Assert.Throws<InvalidArgumentException>(() => Identifiers.RequireNamespace("Default"));

        Assert.Equal("namespace: must match ^[a-z0-9][a-z0-9_-]{0,63}$", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("bell\u0007")]
    public void FilenamesRequire_InvalidName_ThrowsWithTheRule(string filename)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => Filenames.Require(filename));

        Assert.Equal("filename: must be 1-255 characters, without / \\ or control characters, and not . or ..", error.Message);
    }

    [Fact]
    public void FilenamesRequire_TooLong_Throws() => Assert.Throws<InvalidArgumentException>(() => Filenames.Require(new string('a', 256)));

    [GeneratedRegex("^(thread_[0-9a-f]{24}|msg_[0-9a-f]{24})\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdForm();
}
