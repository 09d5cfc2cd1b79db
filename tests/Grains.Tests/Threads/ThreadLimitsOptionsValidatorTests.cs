using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Threads.Grains.Threads;

namespace Threads.Grains.Tests.Threads;

/// <summary>Every thread limit is checked at start, and a bad one is named by its configuration key.</summary>
public sealed class ThreadLimitsOptionsValidatorTests
{
    private readonly ThreadLimitsOptionsValidator _validator = new();

    public static TheoryData<string> CountLimits =>
        [.. typeof(ThreadLimitsOptions).GetProperties().Where(static p => p.PropertyType == typeof(int)).Select(static p => p.Name)];

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(_validator.Validate(null, new ThreadLimitsOptions()).Succeeded);

    [Theory]
    [MemberData(nameof(CountLimits))]
    public void Validate_CountLimitZero_FailsNamingTheSetting(string limit)
    {
        var options = new ThreadLimitsOptions();
        typeof(ThreadLimitsOptions).GetProperty(limit)!.SetValue(options, 0);

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal($"Threads:Limits:{limit} must be between 1 and 2147483647.", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_IdempotencyWindowNotPositive_FailsNamingTheSetting(int seconds)
    {
        var result = _validator.Validate(null, new ThreadLimitsOptions { IdempotencyWindow = TimeSpan.FromSeconds(seconds) });

        Assert.StartsWith("Threads:Limits:IdempotencyWindow must be between 00:00:00 exclusive and ", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void AddThreadsGrains_LimitConfiguredOutOfRange_ThrowsNamingTheSetting()
    {
        using var provider = new ServiceCollection().AddThreadsGrains(static o => o.MaxPageSize = -5).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ThreadLimitsOptions>>().Value);

        Assert.Equal("Threads:Limits:MaxPageSize must be between 1 and 2147483647.", Assert.Single(error.Failures));
    }
}
