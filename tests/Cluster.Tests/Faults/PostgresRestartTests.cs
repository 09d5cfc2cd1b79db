using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Threads.Client;
using Threads.Grains;
using Threads.TestingHost;

namespace Threads.Cluster.Tests.Faults;

/// <summary>
/// PostgreSQL stopped (<c>pg_ctl stop -m fast</c>, as a restart does), left down for 2 s and started again, under four writers, on a server of the test's own, behind a
/// silo process with AdoNet membership on the same server: every answer is 201 or 503 (never a 500), and the log
/// holds exactly what was acknowledged, once each; <c>/readyz</c> says the storage is unreachable while it is down and
/// is ready again by itself after; the .NET client rides through it with no error surfaced.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresRestartTests
{
    private const int Writers = 4;
    private const int AppendsBeforeAndAfter = 15;
    private const int MaxAppendsPerWriter = 5_000;

    private static readonly TimeSpan DownFor = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 240_000)]
    public async Task Append_PostgresStoppedAndStartedUnderLoad_Answers201Or503AndLogEqualsAcknowledged()
    {
        await using var postgres = await ThrowawayPostgres.CreateAsync(Ct);
        await postgres.StartAsync(Ct);
        await using var silo = await ThreadsSiloProcess.StartAsync(Configuration(postgres), Ct);
        var statuses = new ConcurrentBag<(HttpStatusCode Status, long At)>();
        var run = new Run(Writers);

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var threadId = $"raw-{w}";
            await silo.Client.GetThread("default", threadId).CreateAsync(new CreateThreadRequest(), Ct);
            var acknowledged = new List<string>();
            for (var i = 0; i < MaxAppendsPerWriter && !run.Done(w, acknowledged.Count); i++)
            {
                var text = $"{threadId} #{i}";
                var key = $"{threadId}-{i}";
                for (var attempt = 0; ; attempt++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/namespaces/default/threads/{threadId}/messages")
                    {
                        Content = new StringContent($$"""{"messages":[{"role":"user","content":"{{text}}"}]}""", Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add("Idempotency-Key", key);
                    using (var response = await silo.Http.SendAsync(request, Ct))
                    {
                        statuses.Add((response.StatusCode, Stopwatch.GetTimestamp()));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged.Add(text);
                            break;
                        }

                        Assert.True(
                            response.StatusCode == HttpStatusCode.ServiceUnavailable,
                            $"answered {response.StatusCode}; the silo's log ends:\n{string.Join('\n', silo.Output.TakeLast(80))}");
                        Assert.NotNull(response.Headers.RetryAfter);
                        Assert.True(attempt < 200, "503 for more than 200 attempts");
                        await Task.Delay(response.Headers.RetryAfter.Delta ?? TimeSpan.FromSeconds(1), Ct);
                    }
                }
            }

            return (threadId, acknowledged);
        }, Ct)).ToArray();

        string? readinessWhileDown = null;
        await run.RestartWhenWrittenAsync(postgres, async () =>
        {
            using var readyz = await silo.Http.GetAsync("readyz", Ct);
            readinessWhileDown = $"{(int)readyz.StatusCode} {await readyz.Content.ReadAsStringAsync(Ct)}";
        });
        var results = await Task.WhenAll(writers);

        foreach (var (threadId, acknowledged) in results)
        {
            Assert.Equal(acknowledged, await StoredTextsAsync(silo.Client, threadId));
        }

        Assert.StartsWith("503 ", readinessWhileDown, StringComparison.Ordinal);
        Assert.Contains("storage unreachable", readinessWhileDown, StringComparison.Ordinal);
        using (var readyz = await silo.Http.GetAsync("readyz", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
        }

        Assert.All(statuses, static s => Assert.True(s.Status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"answered {s.Status}"));
        var unavailable = statuses.Where(static s => s.Status == HttpStatusCode.ServiceUnavailable).Select(static s => s.At).Order().ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{statuses.Count(static s => s.Status == HttpStatusCode.Created)} acknowledged, {unavailable.Count} answered 503"
            + (unavailable.Count > 0 ? $" over {Stopwatch.GetElapsedTime(unavailable[0], unavailable[^1]).TotalSeconds:0.00} s" : string.Empty)
            + $"; the server was down {run.RestartSeconds:0.00} s");
    }

    [Fact(Timeout = 240_000)]
    public async Task ThreadsClient_PostgresStoppedAndStartedUnderLoad_KeepsWritingWithNoErrorAndNoDuplicate()
    {
        await using var postgres = await ThrowawayPostgres.CreateAsync(Ct);
        await postgres.StartAsync(Ct);
        await using var silo = await ThreadsSiloProcess.StartAsync(Configuration(postgres), Ct);
        var retried = new RetryCounter();
        using var http = new HttpClient(new RetryCountingHandler(retried) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = silo.BaseAddress };
        var client = new ThreadsClient(http);
        var run = new Run(Writers);

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var thread = client.GetThread("default", $"client-{w}");
            await thread.CreateAsync(new CreateThreadRequest(), Ct);
            var acknowledged = new List<string>();
            for (var i = 0; i < MaxAppendsPerWriter && !run.Done(w, acknowledged.Count); i++)
            {
                var text = $"client-{w} #{i}";
                await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, text)] }, cancellationToken: Ct);
                acknowledged.Add(text);
            }

            return ($"client-{w}", acknowledged);
        }, Ct)).ToArray();

        await run.RestartWhenWrittenAsync(postgres);
        var results = await Task.WhenAll(writers);

        foreach (var (threadId, acknowledged) in results)
        {
            Assert.Equal(acknowledged, await StoredTextsAsync(client, threadId));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{results.Sum(static r => r.acknowledged.Count)} appends, none failed; the client saw {retried.ServiceUnavailable} answers 503 and {retried.Failed} failed connections, all retried; the server was down {run.RestartSeconds:0.00} s");
    }

    private static Dictionary<string, string?> Configuration(ThrowawayPostgres postgres) => new()
    {
        ["Threads:Storage:Provider"] = "Postgres",
        ["Threads:Storage:ConnectionString"] = postgres.ConnectionString,
        ["Threads:Cluster:Provider"] = "AdoNet",
        ["Threads:Cluster:ClusterId"] = "restart-" + Guid.NewGuid().ToString("N")[..8],
    };

    private static async Task<List<string>> StoredTextsAsync(IThreadsClient client, string threadId)
    {
        var texts = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetThread("default", threadId).GetMessagesAsync(new MessageQuery { Limit = 200, Cursor = cursor }, Ct);
            texts.AddRange(page.Messages.Select(static m => ((TextPart)m.Content[0]).Text));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return texts;
    }

    /// <summary>The test's phases: writers write, the server restarts once each has written some, then each writes some more.</summary>
    private sealed class Run(int writers)
    {
        private readonly int[] _written = new int[writers];
        private readonly int[] _atRestart = Enumerable.Repeat(-1, writers).ToArray();
        private volatile bool _restarted;

        public double RestartSeconds { get; private set; }

        /// <summary>True once the restart is over and <paramref name="writer"/> has written enough after it.</summary>
        public bool Done(int writer, int written)
        {
            Volatile.Write(ref _written[writer], written);
            if (!_restarted)
            {
                return false;
            }

            if (_atRestart[writer] < 0)
            {
                _atRestart[writer] = written;
            }

            return written >= _atRestart[writer] + AppendsBeforeAndAfter;
        }

        public async Task RestartWhenWrittenAsync(ThrowawayPostgres postgres, Func<Task>? whileDown = null)
        {
            while (Enumerable.Range(0, _written.Length).Any(i => Volatile.Read(ref _written[i]) < AppendsBeforeAndAfter))
            {
                await Task.Delay(20, Ct);
            }

            // Stopped as an operator's restart does (fast: sessions terminated), then down for a while before it starts again.
            var started = Stopwatch.GetTimestamp();
            await postgres.StopAsync(Ct);
            await Task.WhenAll(Task.Delay(DownFor, Ct), whileDown?.Invoke() ?? Task.CompletedTask);
            await postgres.StartAsync(Ct);
            RestartSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            _restarted = true;
        }
    }

    private sealed class RetryCounter
    {
        public int ServiceUnavailable;
        public int Failed;
    }

    /// <summary>Counts what the client's retries absorbed: each attempt passes through here.</summary>
    private sealed class RetryCountingHandler(RetryCounter counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref counter.ServiceUnavailable);
                }

                return response;
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref counter.Failed);
                throw;
            }
        }
    }
}
