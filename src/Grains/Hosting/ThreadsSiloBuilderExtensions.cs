using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Threads.Grains.Storage.Internal;

namespace Orleans.Hosting;

/// <summary>Adds Threads to an Orleans silo.</summary>
public static class ThreadsSiloBuilderExtensions
{
    /// <summary>
    /// Adds the Threads grains' services, the serializer for the JSON values the contract carries (state, tool
    /// arguments, data), the relay that carries event streams' events between silos, and the filter that turns storage faults into typed errors. A storage provider is added separately (<c>AddThreadsSqliteStorage</c>, <c>AddThreadsPostgresStorage</c>…).
    /// </summary>
    public static ISiloBuilder AddThreads(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddThreadsGrains();
        builder.Services.AddSerializer(static s => s.AddThreadsSerialization());
        builder.AddThreadsEvents();
        builder.AddIncomingGrainCallFilter<StorageFaultFilter>();
        return builder;
    }
}
