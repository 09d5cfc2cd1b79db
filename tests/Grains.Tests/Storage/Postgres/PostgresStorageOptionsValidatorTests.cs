using Threads.Grains.Storage.Postgres;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>The options are refused at start, each bad one named; no server needed.</summary>
public sealed class PostgresStorageOptionsValidatorTests
{
    [Theory]
    [InlineData("", "public", "ConnectionString is required")]
    [InlineData("Host=localhost;NoSuchKeyword=1", "public", "not a valid Npgsql connection string")]
    [InlineData("Host=localhost", "Bad-Schema", "Schema")]
    public void Validate_BadOption_FailsNamingIt(string connectionString, string schema, string expected)
    {
        var result = new PostgresStorageOptionsValidator().Validate(null, new PostgresStorageOptions { ConnectionString = connectionString, Schema = schema });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GoodOptions_Succeeds() =>
        Assert.True(new PostgresStorageOptionsValidator().Validate(null, new PostgresStorageOptions { ConnectionString = "Host=localhost;Username=u" }).Succeeded);
}
