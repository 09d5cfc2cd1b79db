using Threads.Silo.Auth;

namespace Threads.Silo.Tests.Auth;

public sealed class ThreadsAuthOptionsValidatorTests
{
    private readonly ThreadsAuthOptionsValidator _validator = new();

    [Fact]
    public void Validate_GoodKeys_Succeeds() =>
        Assert.True(_validator.Validate(null, ApiKeyRingTests.Keys(("a-good-key-0123456789", ApiKeyRole.Write, "alice"))).Succeeded);

    [Theory]
    [InlineData("short", "Write", null, "Keys:0:Key")]
    [InlineData("has a space 0123456789", "Write", null, "Keys:0:Key")]
    [InlineData("a-good-key-0123456789", "Write", "not valid", "Keys:0:UserId")]
    [InlineData("a-good-key-0123456789", "Admin", "alice", "Admin key")]
    [InlineData("a-good-key-0123456789", "42", null, "Keys:0:Role")]
    public void Validate_BadKey_FailsNamingTheKeyByIndexNotValue(string key, string role, string? userId, string expected)
    {
        var result = _validator.Validate(null, ApiKeyRingTests.Keys((key, Enum.Parse<ApiKeyRole>(role), userId)));

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateKey_Fails()
    {
        var result = _validator.Validate(null, ApiKeyRingTests.Keys(("same-key-0123456789", ApiKeyRole.Read, null), ("same-key-0123456789", ApiKeyRole.Write, null)));

        Assert.Contains("Keys:1:Key", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad_Namespace")]
    [InlineData("")]
    public void Validate_BadNamespace_Fails(string ns)
    {
        var options = new ThreadsAuthOptions();
        var key = new ApiKeyOptions { Key = "a-good-key-0123456789" };
        key.Namespaces.Add(ns);
        options.Keys.Add(key);

        Assert.Contains("Keys:0:Namespaces", _validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoNamespaces_Fails()
    {
        var options = new ThreadsAuthOptions();
        options.Keys.Add(new ApiKeyOptions { Key = "a-good-key-0123456789" });

        Assert.True(_validator.Validate(null, options).Failed);
    }
}
