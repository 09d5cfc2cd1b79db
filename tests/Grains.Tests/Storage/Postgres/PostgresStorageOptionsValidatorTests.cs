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

    [Theory]
    [InlineData(-1)]
    [InlineData(100_001)]
    public void Validate_AppendLingerOutOfRange_FailsNamingIt(int microseconds)
    {
        var options = new PostgresStorageOptions { ConnectionString = "Host=localhost;Username=u", AppendLinger = TimeSpan.FromMicroseconds(microseconds) };

        var result = new PostgresStorageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Threads:Storage:Postgres:AppendLinger", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    public void Validate_AppendLingerAtItsBounds_Succeeds(int microseconds) =>
        Assert.True(new PostgresStorageOptionsValidator().Validate(
            null, new PostgresStorageOptions { ConnectionString = "Host=localhost;Username=u", AppendLinger = TimeSpan.FromMicroseconds(microseconds) }).Succeeded);

    [Fact]
    public void Validate_GoodOptions_Succeeds() =>
        Assert.True(new PostgresStorageOptionsValidator().Validate(null, new PostgresStorageOptions { ConnectionString = "Host=localhost;Username=u" }).Succeeded);
}
