using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Orleans.Hosting;

/// <summary>Adds Threads to an Orleans silo.</summary>
public static class ThreadsSiloBuilderExtensions
{
    /// <summary>
    /// Adds the Threads grains' services, the serializer for the JSON values the contract carries (state, tool
    /// arguments, data), and the relay that carries event streams' events between silos. A storage provider is added separately (<c>AddThreadsSqliteStorage</c>, <c>AddThreadsPostgresStorage</c>…).
    /// </summary>
    public static ISiloBuilder AddThreads(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddThreadsGrains();
        builder.Services.AddSerializer(static s => s.AddThreadsSerialization());
        builder.AddThreadsEvents();
        return builder;
    }
}
