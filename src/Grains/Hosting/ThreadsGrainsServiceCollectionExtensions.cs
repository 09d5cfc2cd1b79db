using Microsoft.Extensions.DependencyInjection.Extensions;
using Threads.Grains;
using Threads.Grains.Events;
using Threads.Grains.Runtime;
using Threads.Grains.State;
using Threads.Grains.State.Internal;
using Threads.Grains.Threads;
using Threads.Grains.Threads.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the grain runtime and the thread grains.</summary>
public static class ThreadsGrainsServiceCollectionExtensions
{
    /// <summary>Adds the grain runtime (as <see cref="IGrainFactory"/>), <see cref="IThreadGrain"/> and <see cref="IResourceIndexGrain"/>. A storage provider is added separately.</summary>
    public static IServiceCollection AddThreadsGrains(
        this IServiceCollection services,
        Action<GrainRuntimeOptions>? configureRuntime = null,
        Action<ThreadLimitsOptions>? configureLimits = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GrainRuntimeOptions>().Configure(o => configureRuntime?.Invoke(o));
        services.AddOptions<ThreadLimitsOptions>().Configure(o => configureLimits?.Invoke(o));
        services.TryAddSingleton<GrainRuntime>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddSingleton<StateSchemaRegistry>();
        services.AddOptions<ThreadEventOptions>();
        services.TryAddSingleton<ThreadEventBus>();
        services.AddSingleton(GrainTypeRegistration.Create<IThreadGrain>(
            static sp => ActivatorUtilities.CreateInstance<ThreadGrain>(sp),
            static (runtime, id) => new ThreadGrainReference(runtime, id)));
        services.AddSingleton(GrainTypeRegistration.Create<IResourceIndexGrain>(
            static sp => ActivatorUtilities.CreateInstance<ResourceIndexGrain>(sp),
            static (runtime, id) => new ResourceIndexGrainReference(runtime, id),
            static key => key == IResourceIndexGrain.AllResources || Identifiers.IsValidId(key)));
        services.AddSingleton(GrainTypeRegistration.Create<IStateSchemaGrain>(
            static sp => ActivatorUtilities.CreateInstance<StateSchemaGrain>(sp),
            static (runtime, id) => new StateSchemaGrainReference(runtime, id)));
        return services;
    }
}
