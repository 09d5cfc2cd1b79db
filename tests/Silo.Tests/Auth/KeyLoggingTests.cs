using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Threads.TestingHost;
using static Threads.Silo.Tests.Auth.AuthClusterFixture;

namespace Threads.Silo.Tests.Auth;

/// <summary>Keys are secrets: no log line, at any level, may hold one, whether the call (to the API, or signing in to the thread browser and browsing) was accepted or refused.</summary>
public sealed class KeyLoggingTests
{
    [Fact]
    public async Task Logs_CallsWithGoodAndBadKeys_NeverHoldAKey()
    {
        var logs = new CapturingLoggerProvider();
        const string Guessed = "guessed-key-0123456789abcdef";
        await using (var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            AddKeys(o.Configuration);
            o.Configuration["Logging:LogLevel:Default"] = "Trace";
            o.ConfigureServices = s => s.AddSingleton<ILoggerProvider>(logs);
        }))
        {
            await cluster.DeployAsync(TestContext.Current.CancellationToken);
            foreach (var key in AllKeys.Append(Guessed))
            {
                (await SendAsync(cluster.Http, key, HttpMethod.Post, "threads", "{\"title\":\"logged?\"}")).Dispose();
                (await SendAsync(cluster.Http, key, HttpMethod.Post, "threads", "{\"title\":")).Dispose();
                (await SendAsync(cluster.Http, key, HttpMethod.Get, "threads/nope")).Dispose();
                (await SendAsync(cluster.Http, key, HttpMethod.Post, "cleanup", "{}")).Dispose();
                (await cluster.Http.PostAsync("ui/_session", new FormUrlEncodedContent([new("key", key), new("returnUrl", "/ui/")]), TestContext.Current.CancellationToken)).Dispose();
                using var page = new HttpRequestMessage(HttpMethod.Get, $"ui/{Tenant}");
                page.Headers.Add("Cookie", $"threads_key={Uri.EscapeDataString(key)}");
                (await cluster.Http.SendAsync(page, TestContext.Current.CancellationToken)).Dispose();
            }
        }

        Assert.NotEmpty(logs.Lines);
        foreach (var key in AllKeys.Append(Guessed))
        {
            Assert.DoesNotContain(logs.Lines, line => line.Contains(key, StringComparison.Ordinal));
        }
    }
}
