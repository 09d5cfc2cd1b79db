using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Threads.Grains.Events;
using Threads.Grains.Idempotency;
using Threads.Grains.State;
using Threads.Grains.Storage;
using Threads.Grains.Threads;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the Threads grains need on a silo; the grain classes themselves are found by Orleans.</summary>
public static class ThreadsGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grains' services: limits and event options (checked at start), the schema registry, the event bus, the
    /// clock, and what reaches the store from outside the grains (idempotency records, the storage probe). A storage
    /// provider is added separately.
    /// </summary>
    public static IServiceCollection AddThreadsGrains(this IServiceCollection services, Action<ThreadLimitsOptions>? configureLimits = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptionsWithValidateOnStart<ThreadLimitsOptions>().Configure(o => configureLimits?.Invoke(o));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ThreadLimitsOptions>, ThreadLimitsOptionsValidator>());
        services.TryAddSingleton<StateSchemaRegistry>();
        services.AddOptionsWithValidateOnStart<ThreadEventOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ThreadEventOptions>, ThreadEventOptionsValidator>());
        services.TryAddSingleton<ThreadEventBus>();
        services.TryAddSingleton<IdempotencyRecords>();
        services.TryAddSingleton<StorageProbe>();
        return services;
    }
}
