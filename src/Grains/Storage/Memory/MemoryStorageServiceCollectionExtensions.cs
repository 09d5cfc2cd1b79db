using Threads.Grains.Storage;
using Threads.Grains.Storage.Memory;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory store.</summary>
public static class MemoryStorageServiceCollectionExtensions
{
    /// <summary>Adds a store in process memory: for unit tests, nothing survives the process.</summary>
    public static IServiceCollection AddThreadsMemoryStorage(this IServiceCollection services) =>
        services.AddSingleton<IThreadStore, MemoryThreadStore>();
}
