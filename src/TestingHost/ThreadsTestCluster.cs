using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Messaging;
using Threads.Client;
using Threads.Grains;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Memory;
using Threads.TestingHost.Internal;

namespace Threads.TestingHost;

/// <summary>
/// Silos for tests: each a real Kestrel server on a loopback port, all over one storage, with a <see cref="Client"/>
/// that spreads requests over them. Built with delegates:
/// <code>
/// await using var cluster = new ThreadsTestCluster(o => { o.SiloCount = 2; o.ConfigureServices = s => s.AddSingleton&lt;TimeProvider&gt;(clock); });
/// await cluster.DeployAsync();
/// var thread = cluster.Client.GetGrain&lt;IThreadGrain&gt;("default", "t1");
/// </code>
/// </summary>
public sealed class ThreadsTestCluster : IAsyncDisposable
{
    private readonly ThreadsTestClusterOptions _options = new();
    private readonly List<ThreadsTestSilo> _silos = [];
    private readonly Lock _lock = new();
    private readonly MemoryThreadStore _sharedStore = new();
    private readonly HttpClient _http;
    private readonly TestMembershipTable _membership = new();
    private readonly string _clusterId = $"test-{Guid.NewGuid():N}";
    private IHost? _clientHost;
    private int _siloNumber;

    /// <summary>Creates the cluster; nothing runs until <see cref="DeployAsync"/>.</summary>
    public ThreadsTestCluster(Action<ThreadsTestClusterOptions>? configure = null)
    {
        configure?.Invoke(_options);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.SiloCount);
        _http = new HttpClient(new SiloRoutingHandler(() => Silos)) { BaseAddress = new Uri("http://threads-test-cluster/") };
        Client = new ThreadsClient(_http);
    }

    /// <summary>The running silos, in the order they were started.</summary>
    public IReadOnlyList<ThreadsTestSilo> Silos
    {
        get
        {
            lock (_lock)
            {
                return [.. _silos.Where(static s => s.IsRunning)];
            }
        }
    }

    /// <summary>A client over HTTP to every running silo: requests about one thread go to the silo its id hashes to.</summary>
    public ThreadsClient Client { get; }

    /// <summary>The grains through the Orleans cluster client; set by <see cref="DeployAsync"/>.</summary>
    public IThreadsClient Grains => ClusterClient.AsThreadsClient();

    /// <summary>The Orleans cluster client, connected to the silos' gateways by <see cref="DeployAsync"/>.</summary>
    public IClusterClient ClusterClient =>
        _clientHost?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("Deploy the cluster first.");

    /// <summary>Raw HTTP to the cluster, routed like <see cref="Client"/>; relative URIs such as <c>v1/namespaces/ns/threads</c>.</summary>
    public HttpClient Http => _http;

    /// <summary>Starts the configured number of silos.</summary>
    public async Task DeployAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(Enumerable.Range(0, _options.SiloCount).Select(_ => StartAdditionalSiloAsync(cancellationToken))).ConfigureAwait(false);
        if (_options.SiloCount > 0)
        {
            var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            client.UseOrleansClient(c =>
            {
                c.Services.AddSingleton<IGatewayListProvider>(_membership);
                c.Services.AddSerializer(static s => s.AddThreadsSerialization());
                c.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = _clusterId;
                    o.ServiceId = _clusterId;
                });
            });
            _clientHost = client.Build();
            await _clientHost.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts one more silo on a free loopback port.</summary>
    public async Task<ThreadsTestSilo> StartAdditionalSiloAsync(CancellationToken cancellationToken = default)
    {
        var name = $"silo-{Interlocked.Increment(ref _siloNumber) - 1}";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartSiloAsync(name, port: 0, siloPort: LoopbackPort.Free(), gatewayPort: LoopbackPort.Free(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < 3 && IsAddressInUse(e))
            {
                // Another process took a port between its choice and the silo's bind: choose again.
            }
        }
    }

    /// <summary>Stops a silo gracefully: it stops accepting, finishes the requests in flight, and shuts down.</summary>
    public async Task StopSiloAsync(ThreadsTestSilo silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!MarkStopped(silo))
        {
            return;
        }

        await silo.App.Services.GetRequiredService<TestSiloFatalErrors>().Stopping.ConfigureAwait(false);
        await silo.App.StopAsync(cancellationToken).ConfigureAwait(false);
        await DisposeSiloAsync(silo).ConfigureAwait(false);
    }

    /// <summary>
    /// Simulates a crash in process: open connections are aborted and requests in flight are not waited for. What a
    /// request acknowledged before is in the store already; for a real <c>kill -9</c>, run the silo as a process.
    /// </summary>
    public async Task KillSiloAsync(ThreadsTestSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!MarkStopped(silo))
        {
            return;
        }

        try
        {
            await silo.App.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected: a cancelled stop is the abort.
        }

        await DisposeSiloAsync(silo).ConfigureAwait(false);
    }

    /// <summary>Stops the silo if it runs, then starts a new one with the same name on the same port, over the same storage.</summary>
    public async Task<ThreadsTestSilo> RestartSiloAsync(ThreadsTestSilo silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await StopSiloAsync(silo, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _silos.Remove(silo);
        }

        return await StartSiloAsync(silo.Name, silo.BaseAddress.Port, silo.SiloPort, silo.GatewayPort, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every silo gracefully and releases the client.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_clientHost is not null)
        {
            await _clientHost.StopAsync().ConfigureAwait(false);
            _clientHost.Dispose();
        }

        // One after the other, the newest first: a silo that stops tells the running ones it leaves, and one that is
        // stopping itself may not answer (Orleans then waits 3 s for it).
        foreach (var silo in Silos.Reverse())
        {
            await StopSiloAsync(silo).ConfigureAwait(false);
        }

        _http.Dispose();
    }

    private async Task<ThreadsTestSilo> StartSiloAsync(string name, int port, int siloPort, int gatewayPort, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Development,
        });
        var sharedStore = _options.ConfigureStorage is null && !_options.Configuration.ContainsKey("Threads:Storage:Provider");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Threads:Storage:Provider"] = sharedStore ? "Memory" : null,
            ["Threads:Cluster:Provider"] = "External",
        });
        builder.Configuration.AddInMemoryCollection(_options.Configuration);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        if (_options.ConfigureStorage is { } configureStorage)
        {
            configureStorage(builder.Services);
        }
        else if (sharedStore)
        {
            builder.Services.AddSingleton<IThreadStore>(_sharedStore);
        }

        builder.AddThreadsSilo(silo =>
        {
            silo.Services.AddSingleton<IMembershipTable>(_membership);
            silo.Services.AddSingleton<TestSiloFatalErrors>();
            silo.Services.Replace(ServiceDescriptor.Singleton<IFatalErrorHandler>(static sp => sp.GetRequiredService<TestSiloFatalErrors>()));
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _clusterId;
                o.ServiceId = _clusterId;
            });
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = IPAddress.Loopback;
                o.SiloPort = siloPort;
                o.GatewayPort = gatewayPort;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = name);
            _options.ConfigureSilo?.Invoke(silo);
        });
        _options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.Services.GetRequiredService<TestSiloFatalErrors>().Attach(app);
        app.MapThreadsApi();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        var silo = new ThreadsTestSilo(name, app, baseAddress, new HttpClient { BaseAddress = baseAddress }, siloPort, gatewayPort);
        lock (_lock)
        {
            _silos.Add(silo);
        }

        return silo;
    }


    private static bool IsAddressInUse(Exception? exception) =>
        exception is not null
        && (exception is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
            || exception is AddressInUseException
            || IsAddressInUse(exception.InnerException)
            || (exception is AggregateException aggregate && aggregate.InnerExceptions.Any(IsAddressInUse)));

    private bool MarkStopped(ThreadsTestSilo silo)
    {
        lock (_lock)
        {
            if (!silo.IsRunning)
            {
                return false;
            }

            silo.IsRunning = false;
            return true;
        }
    }

    private static async Task DisposeSiloAsync(ThreadsTestSilo silo)
    {
        silo.Http.Dispose();
        await silo.App.DisposeAsync().ConfigureAwait(false);
    }
}
