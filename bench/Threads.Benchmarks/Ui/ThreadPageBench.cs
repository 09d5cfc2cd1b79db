using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Threads.TestingHost;

namespace Threads.Benchmarks.Ui;

/// <summary>
/// The thread browser's page of one thread, served by a real silo over SQLite: the server time of a GET (measured by
/// a middleware wrapped around the whole pipeline, from the request's arrival to its last byte) for a thread of
/// <c>messages</c> messages (default 10,000) against one of 100, warm (the thread's activation live) and cold (every
/// activation collected before each request, so the header, messages, state, files and runs come from the database).
/// A page shows the newest 50 messages, whatever the thread's length.
/// </summary>
public static class ThreadPageBench
{
    private const string Namespace = "bench";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = args.Select(static a => a.Split('=', 2)).Where(static p => p.Length == 2).ToDictionary(static p => p[0], static p => p[1]);
        var messages = int.Parse(options.GetValueOrDefault("messages", "10000"), CultureInfo.InvariantCulture);
        var requests = int.Parse(options.GetValueOrDefault("requests", "200"), CultureInfo.InvariantCulture);
        var folder = Path.GetDirectoryName(BenchSilo.TempDatabase("ui"))!;
        var timings = new ServerTimings();
        Console.WriteLine($"thread page bench: SQLite (Full), {messages:N0} and 100 messages, {requests} requests each, {Environment.ProcessorCount} cores, {Environment.Version}");
        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.Configuration["Threads:Storage:Provider"] = "Sqlite";
            o.Configuration["Threads:Storage:ConnectionString"] = $"Data Source={Path.Combine(folder, "threads.db")}";
            o.ConfigureServices = s => s.AddSingleton<IStartupFilter>(timings);
        });
        await cluster.DeployAsync();
        try
        {
            var longThread = await SeedAsync(cluster.Http, messages);
            var shortThread = await SeedAsync(cluster.Http, 100);
            Console.WriteLine();
            Console.WriteLine("| thread | activation | p50 ms | p99 ms | max ms | page bytes | messages on the page |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (id, count) in new[] { (longThread, messages), (shortThread, 100) })
            {
                await MeasureAsync(cluster, timings, id, count, requests, cold: false);
                await MeasureAsync(cluster, timings, id, count, Math.Max(20, requests / 10), cold: true);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static async Task MeasureAsync(ThreadsTestCluster cluster, ServerTimings timings, string id, int count, int requests, bool cold)
    {
        var path = $"ui/{Namespace}/threads/{id}";
        var html = await GetAsync(cluster.Http, path);
        for (var i = 0; i < 10; i++)
        {
            await GetAsync(cluster.Http, path);
        }

        var samples = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            if (cold)
            {
                await cluster.ClusterClient.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            }

            timings.Clear();
            await GetAsync(cluster.Http, path);
            samples.Add(timings.Single());
        }

        samples.Sort();
        var shown = CountOccurrences(html, "<article class=\"message");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {count:N0} messages | {(cold ? "cold" : "warm")} | {Percentile(samples, 0.50):F2} | {Percentile(samples, 0.99):F2} | {samples[^1]:F2} | {Encoding.UTF8.GetByteCount(html):N0} | {shown} |"));
    }

    /// <summary>Creates a thread through the API: a conversation with a tool call and its result every tenth message, 100 messages per append.</summary>
    private static async Task<string> SeedAsync(HttpClient http, int count)
    {
        var id = $"page-{count}-{Guid.NewGuid():N}";
        (await http.PostAsync($"v1/namespaces/{Namespace}/threads", Json($"{{\"id\":\"{id}\",\"resourceId\":\"bench\",\"title\":\"{count} messages\"}}"))).EnsureSuccessStatusCode();
        for (var from = 1; from <= count; from += 100)
        {
            var batch = Enumerable.Range(from, Math.Min(100, count - from + 1)).Select(static seq => (seq % 10) switch
            {
                8 => $"{{\"role\":\"assistant\",\"content\":[{{\"type\":\"tool_call\",\"callId\":\"c{seq}\",\"name\":\"lookup\",\"arguments\":{{\"query\":\"item {seq}\",\"limit\":5}}}}]}}",
                9 => $"{{\"role\":\"tool\",\"content\":[{{\"type\":\"tool_result\",\"callId\":\"c{seq - 1}\",\"result\":{{\"found\":[1,2,3],\"took\":\"12ms\"}}}}]}}",
                _ => $"{{\"role\":\"{(seq % 2 == 0 ? "user" : "assistant")}\",\"content\":\"{BenchData.Turn(seq).Content[0] switch { Threads.Grains.TextPart t => t.Text, _ => string.Empty }}\"}}",
            });
            (await http.PostAsync($"v1/namespaces/{Namespace}/threads/{id}/messages", Json($"{{\"messages\":[{string.Join(',', batch)}]}}"))).EnsureSuccessStatusCode();
        }

        return id;
    }

    private static async Task<string> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Times every request to the thread browser from its arrival in the server's pipeline to the end of its response.</summary>
    private sealed class ServerTimings : IStartupFilter
    {
        private readonly ConcurrentQueue<double> _milliseconds = new();

        public void Clear() => _milliseconds.Clear();

        public double Single() => _milliseconds.Single();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, pipeline) =>
            {
                var start = Stopwatch.GetTimestamp();
                await pipeline(context);
                await context.Response.CompleteAsync();
                if (context.Request.Path.StartsWithSegments("/ui", StringComparison.Ordinal))
                {
                    _milliseconds.Enqueue(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            });
            next(app);
        };
    }
}
