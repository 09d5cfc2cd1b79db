using System.Diagnostics;
using Threads.Grains;

namespace Threads.LoadDriver;

/// <summary>The measured workloads, each against any <see cref="IThreadsClient"/>: the grains in process or the HTTP client.</summary>
internal static class Load
{
    /// <summary>How long each append workload runs unmeasured first, so that tiered compilation has reached its optimized code.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public sealed record Result(double PerSecond, double P50, double P99);

    /// <summary><paramref name="clients"/> workers, each appending one message at a time to a thread of its own.</summary>
    public static async Task<Result> AppendAsync(IThreadsClient grains, string prefix, int clients, TimeSpan duration)
    {
        var ns = $"load-{prefix}-{clients}";
        var threads = new IThreadGrain[clients];
        for (var i = 0; i < clients; i++)
        {
            threads[i] = grains.GetThread(ns, $"t{i}-{Guid.NewGuid():N}");
            await threads[i].CreateAsync(new CreateThreadRequest());
        }

        var request = new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "The quick brown fox jumps over the lazy dog; a message of ordinary size.")] };
        await AppendForAsync(threads, request, WarmUp, recorder: null);
        var recorder = new LatencyRecorder();
        var started = Stopwatch.GetTimestamp();
        await AppendForAsync(threads, request, duration, recorder);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new Result(recorder.Count / seconds, recorder.Percentile(0.50), recorder.Percentile(0.99));
    }

    /// <summary>One reader asking for the newest 50 messages of a 500-message thread, again and again.</summary>
    public static async Task<Result> ReadLast50Async(IThreadsClient grains, string prefix, TimeSpan duration)
    {
        var thread = grains.GetThread($"load-{prefix}", $"read-{Guid.NewGuid():N}");
        await thread.CreateAsync(new CreateThreadRequest());
        for (var i = 0; i < 5; i++)
        {
            await thread.AppendAsync(new AppendMessagesRequest
            {
                Messages = [.. Enumerable.Range(0, 100).Select(n => NewMessage.FromText(n % 2 == 0 ? MessageRole.User : MessageRole.Assistant, $"message {i * 100 + n}"))],
            });
        }

        var query = new MessageQuery { Limit = 50, Order = SortOrder.Descending };
        var recorder = new LatencyRecorder();
        var latencies = new List<double>(100_000);
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var start = Stopwatch.GetTimestamp();
            var page = await thread.GetMessagesAsync(query);
            latencies.Add(LatencyRecorder.Elapsed(start));
            if (page.Messages.Count != 50)
            {
                throw new InvalidOperationException("expected 50 messages");
            }
        }

        recorder.Add(latencies);
        return new Result(recorder.Count / Stopwatch.GetElapsedTime(started).TotalSeconds, recorder.Percentile(0.50), recorder.Percentile(0.99));
    }

    /// <summary>
    /// Managed heap growth per activation when <paramref name="count"/> threads, created and then deactivated, are
    /// activated again (their headers read, no tail) and left idle: Orleans' own bookkeeping for each included.
    /// </summary>
    public static async Task<double> IdleActivationBytesAsync(IGrainFactory grains, int count)
    {
        const string Ns = "load-idle";
        var ids = Enumerable.Range(0, count).Select(static i => $"idle-{i}").ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
            await grains.GetThread(Ns, id).CreateAsync(new CreateThreadRequest { Title = "An idle thread", ResourceId = "project-xyz" }, ct));

        var management = grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        while (await ActivationCountAsync(grains) > 0)
        {
            await Task.Delay(100);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var id in ids)
        {
            await grains.GetThread(Ns, id).GetAsync();
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var activated = await ActivationCountAsync(grains);
        if (activated != count)
        {
            throw new InvalidOperationException($"expected {count} activations, saw {activated}");
        }

        return (after - before) / (double)count;
    }

    /// <summary>The cheapest request the silo answers, as the ceiling any API call can reach here.</summary>
    public static async Task<double> HealthzAsync(HttpClient http, int clients, TimeSpan duration)
    {
        var count = 0;
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref count);
            }
        })));
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Each thread's worker appends one message at a time until <paramref name="duration"/> has passed; latencies go to <paramref name="recorder"/>, if any.</summary>
    private static Task AppendForAsync(IThreadGrain[] threads, AppendMessagesRequest request, TimeSpan duration, LatencyRecorder? recorder)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(threads.Select(thread => Task.Run(async () =>
        {
            var latencies = new List<double>(100_000);
            while (Stopwatch.GetTimestamp() < until)
            {
                var start = Stopwatch.GetTimestamp();
                await thread.AppendAsync(request);
                latencies.Add(LatencyRecorder.Elapsed(start));
            }

            recorder?.Add(latencies);
        })));
    }

    private static async Task<int> ActivationCountAsync(IGrainFactory silo) =>
        (await silo.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics()).Count(static g => g.GrainType.Contains("ThreadGrain", StringComparison.Ordinal));
}
