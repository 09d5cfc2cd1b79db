using Microsoft.AspNetCore.Builder;
using Threads.Client;

namespace Threads.TestingHost;

/// <summary>One silo of a <see cref="ThreadsTestCluster"/>: a real Orleans silo with a real Kestrel server on a loopback port.</summary>
public sealed class ThreadsTestSilo
{
    internal ThreadsTestSilo(string name, WebApplication app, Uri baseAddress, HttpClient http, int siloPort, int gatewayPort)
    {
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        Name = name;
        App = app;
        BaseAddress = baseAddress;
        Http = http;
        Client = new ThreadsClient(http);
    }

    /// <summary>The silo's name in the cluster: <c>silo-0</c>, <c>silo-1</c>…</summary>
    public string Name { get; }

    /// <summary>Where it listens, <c>http://127.0.0.1:PORT/</c>; a restart keeps the port.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Orleans' silo-to-silo port; a restart keeps it.</summary>
    public int SiloPort { get; }

    /// <summary>Orleans' gateway port for cluster clients; a restart keeps it.</summary>
    public int GatewayPort { get; }

    /// <summary>Its services: the grain factory, the store, options.</summary>
    public IServiceProvider Services => App.Services;

    /// <summary>A client that talks to this silo only.</summary>
    public ThreadsClient Client { get; }

    /// <summary>An <see cref="HttpClient"/> with this silo as its base address, for raw HTTP.</summary>
    public HttpClient Http { get; }

    /// <summary>False once stopped or killed.</summary>
    public bool IsRunning { get; internal set; } = true;

    internal WebApplication App { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({BaseAddress})";
}
