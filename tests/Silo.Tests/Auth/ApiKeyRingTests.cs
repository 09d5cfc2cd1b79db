using Microsoft.Extensions.Options;
using Threads.Silo.Auth;
using Threads.Silo.Auth.Internal;

namespace Threads.Silo.Tests.Auth;

public sealed class ApiKeyRingTests
{
    private static readonly ApiKeyRing Ring = new(Options.Create(Keys(
        ("first-key-0123456789", ApiKeyRole.Read, null),
        ("second-key-0123456789", ApiKeyRole.Write, "alice"))));

    [Fact]
    public void Find_ConfiguredKey_ItsCaller()
    {
        var caller = Ring.Find("second-key-0123456789");

        Assert.NotNull(caller);
        Assert.Equal(1, caller.Index);
        Assert.Equal(ApiKeyRole.Write, caller.Role);
        Assert.Equal("alice", caller.UserId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("second-key-012345678")]
    [InlineData("second-key-01234567890")]
    [InlineData("SECOND-KEY-0123456789")]
    [InlineData("second-key-0123456789 ")]
    public void Find_NearMiss_Null(string presented) => Assert.Null(Ring.Find(presented));

    [Fact]
    public void IsEnabled_NoKeys_False() => Assert.False(new ApiKeyRing(Options.Create(new ThreadsAuthOptions())).IsEnabled);

    [Fact]
    public void ToString_Caller_HoldsNoSecret() =>
        Assert.DoesNotContain("first-key", Ring.Find("first-key-0123456789")!.ToString(), StringComparison.Ordinal);

    internal static ThreadsAuthOptions Keys(params (string Key, ApiKeyRole Role, string? UserId)[] keys)
    {
        var options = new ThreadsAuthOptions();
        foreach (var (key, role, userId) in keys)
        {
            var entry = new ApiKeyOptions { Key = key, Role = role, UserId = userId };
            entry.Namespaces.Add("*");
            options.Keys.Add(entry);
        }

        return options;
    }
}
