using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Threads.Grains.Events;
using Threads.Grains.Hosting;
using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using OpenTelemetry;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Postgres;
using Threads.Grains.Storage.Sqlite;
using Threads.Grains.Threads;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Apis.Events;
using Threads.Silo.Apis.OpenApi;
using Threads.Silo.Hosting.Health;
using Threads.Silo.Hosting.Internal;
using Threads.Silo.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Configures a web application as a Threads silo.</summary>
public static class ThreadsSiloHostApplicationBuilderExtensions
{
    /// <summary>The address the silo listens on when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5170";

    /// <summary>
    /// Adds the grains, the storage chosen by <c>Threads:Storage</c>, the JSON contract, problem responses, OpenAPI and the thread browser,
    /// and listens on <see cref="DefaultUrl"/> unless configured otherwise. A store registered before this call is kept.
    /// </summary>
    public static WebApplicationBuilder AddThreadsSilo(this WebApplicationBuilder builder) => builder.AddThreadsSilo(configureSilo: null);

    /// <summary>
    /// As <see cref="AddThreadsSilo(WebApplicationBuilder)"/>, then <paramref name="configureSilo"/> on the Orleans silo,
    /// after Threads' own configuration (membership for <see cref="ClusterProvider.External"/>, more grains, options).
    /// </summary>
    public static WebApplicationBuilder AddThreadsSilo(this WebApplicationBuilder builder, Action<ISiloBuilder>? configureSilo)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!HasConfiguredUrls(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(static k => k.AddServerHeader = false);

        // ASP.NET Core's line per request start and end (Information) holds the query string, which for a search is the
        // words of people's messages, and message content is never logged above Trace: whatever the configured levels,
        // those lines are not written. Traces (with the query redacted) and metrics say the same about requests.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        var services = builder.Services;
        var threads = builder.Configuration.GetSection("Threads");
        services.AddOptions<ThreadLimitsOptions>().Bind(builder.Configuration.GetSection(ThreadLimitsOptions.SectionName));

        var storageSection = builder.Configuration.GetSection(ThreadsStorageOptions.SectionName);
        services.AddOptions<ThreadsStorageOptions>().Bind(storageSection).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ThreadsStorageOptions>, ThreadsStorageOptionsValidator>();
        if (!services.Any(static d => d.ServiceType == typeof(IThreadStore)))
        {
            AddStorage(services, storageSection, storageSection.Get<ThreadsStorageOptions>() ?? new ThreadsStorageOptions());
        }

        services.AddOptions<StorageStartupOptions>().Bind(storageSection);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SiloActivity>();

        // The HTTP server starts beside the silo instead of after it, so /healthz and /readyz answer while the silo
        // waits for its database or joins its cluster; the API answers 503 until it is active (SiloStartingMiddleware).
        services.Configure<HostOptions>(static o => o.ServicesStartConcurrently = true);
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>(ThreadsHealthChecks.Storage, tags: [ThreadsHealthChecks.ReadyTag])
            .AddCheck<ClusterHealthCheck>(ThreadsHealthChecks.Cluster, tags: [ThreadsHealthChecks.ReadyTag]);
        var storage = storageSection.Get<ThreadsStorageOptions>() ?? new ThreadsStorageOptions();

        // Off unless an OTLP endpoint is set: then nothing listens to the silo's spans and instruments, and grain calls
        // carry no trace context (Orleans' propagation filters are not even added).
        var telemetry = !string.IsNullOrWhiteSpace(builder.Configuration[ThreadsTelemetryServiceCollectionExtensions.OtlpEndpointVariable]);
        if (telemetry)
        {
            services.AddThreadsTelemetry().UseOtlpExporter();
        }

        var dashboardSection = builder.Configuration.GetSection(ThreadsDashboardOptions.SectionName);
        services.AddOptions<ThreadsDashboardOptions>().Bind(dashboardSection);
        var dashboard = dashboardSection.Get<ThreadsDashboardOptions>()?.Enabled == true;
        builder.UseOrleans(silo =>
        {
            silo.AddThreads();
            if (telemetry)
            {
                silo.AddActivityPropagation();
            }

            if (dashboard)
            {
                silo.AddDashboard();
            }

            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StorageStartup>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<SiloActivity>());
            UseClustering(silo, builder.Configuration, storage);
            silo.Configure<GrainCollectionOptions>(threads.GetSection("Orleans:GrainCollection"));
            silo.Configure<SiloMessagingOptions>(threads.GetSection("Orleans:Messaging"));
            silo.Configure<ClusterMembershipOptions>(static o =>
            {
                // A silo that dies is declared dead in seconds (see docs/operations.md) instead of Orleans' tens of
                // seconds: until then its threads answer 503, so this window is what users feel.
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(5);
            });
            var membership = threads.GetSection("Orleans:Membership");
            silo.Configure<ClusterMembershipOptions>(membership);
            if (membership["MaxProbeTimeout"] is null)
            {
                // Twice the probe timeout (2 s by default; Orleans' own is four times): an adaptive probe never waits
                // long, and a ProbeTimeout raised alone raises its bound with it.
                silo.Services.PostConfigure<ClusterMembershipOptions>(static o => o.MaxProbeTimeout = o.ProbeTimeout * 2);
            }
            configureSilo?.Invoke(silo);
        });
        services.AddOptions<ThreadEventOptions>().Bind(builder.Configuration.GetSection(ThreadEventOptions.SectionName));
        services.AddOptions<ThreadsHttpOptions>().Bind(builder.Configuration.GetSection(ThreadsHttpOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ThreadsHttpOptions>, ThreadsHttpOptionsValidator>();
        services.TryAddSingleton<EventStreamServices>();
        services.AddOptions<RetentionOptions>().Bind(builder.Configuration.GetSection(RetentionOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.TryAddSingleton<RetentionService>();
        services.AddHostedService(static sp => sp.GetRequiredService<RetentionService>());
        services.AddHostedService<SiloStartedLog>();
        services.ConfigureHttpJsonOptions(static o => SiloJsonContext.UseContract(o.SerializerOptions));
        services.AddThreadsProblems();
        services.AddOpenApi("v1", ThreadsOpenApiOptions.Configure);

        // The thread browser's pages: rendered on the server only, no interactive (circuit or WebAssembly) mode.
        services.AddRazorComponents();
        services.AddThreadsAccess(builder.Configuration);
        return builder;
    }

    /// <summary>Joins the cluster <c>Threads:Cluster</c> describes; a bad setting stops the silo here, naming the key.</summary>
    private static void UseClustering(ISiloBuilder silo, IConfiguration configuration, ThreadsStorageOptions storage)
    {
        var section = configuration.GetSection(ThreadsClusterOptions.SectionName);
        var cluster = section.Get<ThreadsClusterOptions>() ?? new ThreadsClusterOptions();
        if (cluster.Provider == ClusterProvider.AdoNet && string.IsNullOrWhiteSpace(cluster.ConnectionString) && storage.Provider == StorageProvider.Postgres)
        {
            cluster.ConnectionString = storage.ConnectionString;
        }

        if (cluster.Problems() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(ThreadsClusterOptions.SectionName, typeof(ThreadsClusterOptions), problems);
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        switch (cluster.Provider)
        {
            case ClusterProvider.Localhost:
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                break;
            case ClusterProvider.AdoNet:
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = IPAddress.Parse(cluster.AdvertisedAddress);
                    o.SiloPort = cluster.SiloPort;
                    o.GatewayPort = cluster.GatewayPort;
                });
                silo.UseThreadsPostgresClustering(cluster.ConnectionString!);
                break;
            case ClusterProvider.External:
                break;
        }
    }

    /// <summary>Registers the configured provider; its own options are bound from <c>Threads:Storage:{Provider}</c> (Sqlite: Durability, BusyTimeout…).</summary>
    private static void AddStorage(IServiceCollection services, IConfigurationSection section, ThreadsStorageOptions options)
    {
        switch (options.Provider)
        {
            case StorageProvider.Memory:
                services.AddThreadsMemoryStorage();
                break;
            case StorageProvider.Sqlite:
                services.AddThreadsSqliteStorage(o => o.ConnectionString = options.ConnectionString ?? ThreadsStorageOptions.DefaultSqliteConnectionString);
                services.AddOptions<SqliteStorageOptions>().Bind(section.GetSection("Sqlite"));
                break;
            case StorageProvider.Postgres:
                services.AddThreadsPostgresStorage(o => o.ConnectionString = options.ConnectionString ?? string.Empty);
                services.AddOptions<PostgresStorageOptions>().Bind(section.GetSection("Postgres"));
                break;
            default:
                throw new OptionsValidationException(
                    ThreadsStorageOptions.SectionName,
                    typeof(ThreadsStorageOptions),
                    [$"{ThreadsStorageOptions.SectionName}:Provider must be Sqlite, Postgres or Memory."]);
        }
    }

    private static bool HasConfiguredUrls(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"])
        || !string.IsNullOrEmpty(configuration["http_ports"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").Exists();
}
