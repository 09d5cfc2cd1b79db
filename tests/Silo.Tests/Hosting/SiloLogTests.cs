using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Hosting;

/// <summary>What a silo process logs with the defaults of its appsettings.json: one line at start, one per request, never what users wrote.</summary>
public sealed partial class SiloLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("threads-logs-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task DefaultLevels_StartAndRequests_OneStartLineOneLinePerRequestWithTraceIdNoContent()
    {
        var secret = "secret" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = await ThreadsSiloProcess.StartAsync(
            new Dictionary<string, string?>
            {
                ["Threads:Storage:ConnectionString"] = $"Data Source={Path.Combine(_directory, "threads.db")}",

                // ThreadsSiloProcess quiets its silos; this puts back the level appsettings.json ships with.
                ["Logging:LogLevel:Default"] = "Information",
            },
            Ct);
        var address = silo.BaseAddress.AbsoluteUri.TrimEnd('/');

        using (var created = await silo.Http.PostAsync("v1/namespaces/logs/threads", Json($$"""{"id":"t1","title":"{{secret}} title"}"""), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var appended = await silo.Http.PostAsync("v1/namespaces/logs/threads/t1/messages", Json($$"""{"messages":[{"role":"user","content":"my {{secret}} words"}]}"""), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        }

        using (var search = await silo.Http.GetAsync($"v1/namespaces/logs/search?q={secret}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        }

        // Each request's line is written once it is answered, which the client may see first.
        var output = await OutputOnceAsync(silo, lines => lines.Count(static l => RequestLine().IsMatch(l)) >= 3);

        var started = Assert.Single(output, static l => l.Contains("Threads silo started:", StringComparison.Ordinal));
        Assert.EndsWith($"Threads silo started: storage SQLite at {Path.Combine(_directory, "threads.db")}, cluster Localhost 'threads', HTTP {address}, UI {address}/ui/", started, StringComparison.Ordinal);
        var requests = output.Where(static l => RequestLine().IsMatch(l)).Select(static l => RequestLine().Match(l).Groups["call"].Value).ToList();
        Assert.Equal(["POST /v1/namespaces/logs/threads 201", "POST /v1/namespaces/logs/threads/t1/messages 201", "GET /v1/namespaces/logs/search 200"], requests);
        Assert.DoesNotContain(output, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(output, static l => FrameworkInfo().IsMatch(l));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The silo's output once <paramref name="complete"/> holds of it, or as it is after 30 s.</summary>
    private static async Task<IReadOnlyList<string>> OutputOnceAsync(ThreadsSiloProcess silo, Func<IReadOnlyList<string>, bool> complete)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (!complete(silo.Output) && !deadline.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        return silo.Output;
    }

    [GeneratedRegex(@"RequestLogMiddleware\[\d+\] (?<call>(GET|POST) \S+ \d{3}) \d+\.\d ms trace [0-9a-f]{32}$")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"info: (Microsoft|Orleans|System|Polly|Npgsql)")]
    private static partial Regex FrameworkInfo();
}
