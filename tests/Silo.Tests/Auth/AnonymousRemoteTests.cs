using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Threads.Silo.Auth.Internal;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Auth;

/// <summary>A silo without keys refuses to listen beyond loopback unless told it may.</summary>
public sealed class AnonymousRemoteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_NoKeysOnAnyAddress_FailsNamingTheSetting()
    {
        await using var cluster = Cluster(static c => c["Kestrel:Endpoints:Remote:Url"] = "http://0.0.0.0:0");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.DeployAsync(Ct));

        Assert.Contains("Threads:Auth:AllowAnonymousRemote", error.Message, StringComparison.Ordinal);
        Assert.Empty(cluster.Silos);
    }

    [Fact]
    public async Task Start_NoKeysListenerConfiguredInCode_Fails()
    {
        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.ConfigureServices = static s => s.Configure<KestrelServerOptions>(static k => k.ListenAnyIP(0));
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.DeployAsync(Ct));

        Assert.Contains("Threads:Auth:Keys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoKeysAnonymousRemoteAllowed_Serves()
    {
        await using var cluster = Cluster(static c =>
        {
            c["Kestrel:Endpoints:Remote:Url"] = "http://0.0.0.0:0";
            c["Threads:Auth:AllowAnonymousRemote"] = "true";
        });

        await cluster.DeployAsync(Ct);
        using var response = await GetViaLoopbackAsync(cluster);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Start_KeysOnAnyAddress_ServesAndNeedsKey()
    {
        await using var cluster = Cluster(static c =>
        {
            c["Kestrel:Endpoints:Remote:Url"] = "http://0.0.0.0:0";
            AuthClusterFixture.AddKeys(c);
        });

        await cluster.DeployAsync(Ct);
        using var response = await GetViaLoopbackAsync(cluster);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Start_NoKeysOnLoopback_ServesWithoutCredentials()
    {
        await using var cluster = Cluster(static _ => { });

        await cluster.DeployAsync(Ct);
        using var response = await cluster.Http.GetAsync("v1/namespaces/anon/threads", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5170", true)]
    [InlineData("http://127.0.0.2:5170", true)]
    [InlineData("http://[::1]:5170", true)]
    [InlineData("http://localhost:5170", true)]
    [InlineData("https://LOCALHOST", true)]
    [InlineData("http://0.0.0.0:5170", false)]
    [InlineData("http://[::]:5170", false)]
    [InlineData("http://*:5170", false)]
    [InlineData("http://+:5170", false)]
    [InlineData("http://192.168.1.10:5170", false)]
    [InlineData("http://threads.example.com:5170", false)]
    [InlineData("not a url", false)]
    public void IsLoopback_Url_TrueOnlyForLoopback(string url, bool loopback) =>
        Assert.Equal(loopback, ListenAddresses.IsLoopback(url));

    /// <summary>A silo bound to every interface reports <c>http://0.0.0.0:PORT</c>, which is no address to connect to.</summary>
    private static async Task<HttpResponseMessage> GetViaLoopbackAsync(ThreadsTestCluster cluster)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.Silos[0].BaseAddress.Port}/") };
        return await http.GetAsync("v1/namespaces/anon/threads", Ct);
    }

    private static ThreadsTestCluster Cluster(Action<IDictionary<string, string?>> configure) =>
        new(o =>
        {
            o.SiloCount = 1;
            configure(o.Configuration);
        });
}
