using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Threads.Grains.Events;

namespace Threads.Grains.Tests.Events;

/// <summary>The event options are checked at start, and a bad one is named by its configuration key.</summary>
public sealed class ThreadEventOptionsValidatorTests
{
    private readonly ThreadEventOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(_validator.Validate(null, new ThreadEventOptions()).Succeeded);

    [Fact]
    public void Validate_RecentEventsZero_FailsNamingTheSetting() =>
        Assert.Equal(
            "Threads:Events:RecentEvents must be between 1 and 2147483647.",
            Assert.Single(_validator.Validate(null, new ThreadEventOptions { RecentEvents = 0 }).Failures!));

    [Fact]
    public void Validate_SubscriberBufferNegative_FailsNamingTheSetting() =>
        Assert.Equal(
            "Threads:Events:SubscriberBuffer must be between 1 and 2147483647.",
            Assert.Single(_validator.Validate(null, new ThreadEventOptions { SubscriberBuffer = -1 }).Failures!));

    [Fact]
    public void AddThreadsGrains_EventOptions_AreValidated()
    {
        var services = new ServiceCollection().AddThreadsGrains();
        services.Configure<ThreadEventOptions>(static o => o.SubscriberBuffer = 0);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ThreadEventOptions>>().Value);

        Assert.Contains("Threads:Events:SubscriberBuffer", error.Message, StringComparison.Ordinal);
    }
}
