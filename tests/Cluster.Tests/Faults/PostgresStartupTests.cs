using System.Diagnostics;
using System.Globalization;
using System.Net;
using Threads.Grains;
using Threads.TestingHost;

namespace Threads.Cluster.Tests.Faults;

/// <summary>
/// A silo process whose PostgreSQL (storage and AdoNet membership alike) is down when it starts: it stays up, answers
/// <c>/healthz</c> and says why it is not ready, logs one line per attempt, and becomes ready by itself once the
/// server is started; with <c>Threads:Storage:StartupTimeout</c> it gives up with one line and exit code 1.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresStartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 180_000)]
    public async Task Start_PostgresDownThenUp_WaitsThenBecomesReadyWithoutRestart()
    {
        await using var postgres = await ThrowawayPostgres.CreateAsync(Ct);
        await using var silo = ThreadsSiloProcess.Start(Configuration(postgres));

        await EventuallyAsync(() => silo.Output.Count(l => l.Contains($"Waiting for PostgreSQL at 127.0.0.1:{Port(postgres)}/postgres: attempt", StringComparison.Ordinal)) >= 2);
        using (var healthz = await silo.Http.GetAsync("healthz", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        }

        using (var readyz = await silo.Http.GetAsync("readyz", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
            Assert.NotNull(readyz.Headers.RetryAfter);
            var detail = await readyz.Content.ReadAsStringAsync(Ct);
            Assert.Contains("storage unreachable", detail, StringComparison.Ordinal);
            Assert.Contains("joining cluster", detail, StringComparison.Ordinal);
        }

        var starting = await Assert.ThrowsAsync<ThreadsException>(() => silo.Client.GetThread("default", "early").GetAsync(cancellationToken: Ct));
        Assert.Equal(ErrorCodes.Unavailable, starting.Code);
        Assert.DoesNotContain(silo.Output, static l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));

        await postgres.StartAsync(Ct);
        await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), Ct);

        var thread = silo.Client.GetThread("default", "after-start");
        await thread.CreateAsync(new CreateThreadRequest { Title = "waited" }, Ct);
        var appended = await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "hello")] }, cancellationToken: Ct);
        Assert.Equal(1, appended.LastSeq);
        Assert.False(silo.HasExited);
        Assert.DoesNotContain(silo.Output, static l => l.TrimStart().StartsWith("at Npgsql", StringComparison.Ordinal));

        // Each /readyz it answered 503 while it waited is in its answer, not in the log (the framework logs each as an error).
        Assert.DoesNotContain(silo.Output, static l => l.Contains("Health check", StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task Start_PostgresDownPastStartupTimeout_ExitsWithOneLine()
    {
        await using var postgres = await ThrowawayPostgres.CreateAsync(Ct);
        var configuration = Configuration(postgres);
        configuration["Threads:Storage:StartupTimeout"] = "00:00:02";
        await using var silo = ThreadsSiloProcess.Start(configuration);

        var started = Stopwatch.GetTimestamp();
        await EventuallyAsync(() => silo.HasExited);

        Assert.Equal(1, silo.ExitCode);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60));
        await Task.Delay(200, Ct);
        var line = Assert.Single(silo.Errors, static l => l.Length > 0);
        Assert.StartsWith("threads: cannot start:", line, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{Port(postgres)}", line, StringComparison.Ordinal);
        Assert.Contains("Threads:Storage:StartupTimeout", line, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Configuration(ThrowawayPostgres postgres) => new()
    {
        ["Threads:Storage:Provider"] = "Postgres",
        ["Threads:Storage:ConnectionString"] = postgres.ConnectionString,
        ["Threads:Cluster:Provider"] = "AdoNet",
        ["Threads:Cluster:ClusterId"] = "fault-" + Guid.NewGuid().ToString("N")[..8],
    };

    private static string Port(ThrowawayPostgres postgres) => postgres.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Polls <paramref name="condition"/> until it holds; the test's own timeout bounds the wait.</summary>
    private static async Task EventuallyAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(100, Ct);
        }
    }
}
