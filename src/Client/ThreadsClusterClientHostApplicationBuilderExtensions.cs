using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Threads.Client;
using Threads.Grains;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the Orleans cluster client for Threads.</summary>
public static class ThreadsClusterClientHostApplicationBuilderExtensions
{
    /// <summary>
    /// Makes the app an Orleans cluster client of the Threads silos (<c>UseOrleansClient</c>, gateways found on localhost
    /// or in the AdoNet membership) and serves <see cref="IThreadsClient"/> over it: grain calls go straight to the
    /// silo holding each thread. Apps outside the cluster's network use <c>AddThreadsClient</c> (HTTP) instead.
    /// </summary>
    public static IHostApplicationBuilder AddThreadsClusterClient(this IHostApplicationBuilder builder, Action<ThreadsClusterClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ThreadsClusterClientOptions();
        configure?.Invoke(options);
        builder.UseOrleansClient(client =>
        {
            client.Services.AddSerializer(static s => s.AddThreadsSerialization());
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            switch (options.Provider)
            {
                case "Localhost":
                    client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                    break;
                case "AdoNet":
                    client.UseAdoNetClustering(o =>
                    {
                        o.Invariant = "Npgsql";
                        o.ConnectionString = options.ConnectionString
                            ?? throw new ArgumentException("ThreadsClusterClientOptions.ConnectionString is required for AdoNet.", nameof(configure));
                    });
                    break;
                default:
                    throw new ArgumentException("ThreadsClusterClientOptions.Provider must be Localhost or AdoNet.", nameof(configure));
            }
        });
        builder.Services.AddSingleton(static sp => sp.GetRequiredService<IClusterClient>().AsThreadsClient());
        return builder;
    }
}
