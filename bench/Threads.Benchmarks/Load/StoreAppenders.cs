using System.Diagnostics;
using Threads.Grains;
using Threads.Grains.Storage;

namespace Threads.Benchmarks.Load;

/// <summary>Appenders straight through <see cref="IThreadStore.AppendAsync"/> (no grain), each on a new thread of its own, one message per append.</summary>
internal static class StoreAppenders
{
    /// <summary>
    /// Runs <paramref name="appenders"/> appenders for <paramref name="warmUp"/>, then for <paramref name="duration"/>,
    /// calling <paramref name="measuring"/> when the measured phase starts; returns the appends of that phase and its length.
    /// </summary>
    public static async Task<(long Appended, double Seconds)> RunAsync(IThreadStore store, int appenders, TimeSpan warmUp, TimeSpan duration, Action? measuring = null)
    {
        var ids = Enumerable.Range(0, appenders).Select(_ => Identifiers.NewThreadId()).ToArray();
        foreach (var id in ids)
        {
            await BenchData.SeedThreadAsync(store, id, 0);
        }

        long total = 0;
        var stopwatch = new Stopwatch();
        var warmUpUntil = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var deadline = warmUpUntil + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = 0;
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            var current = (await store.GetThreadAsync(BenchData.Namespace, id, CancellationToken.None))!;
            var turn = BenchData.Turn(1);
            long count = 0;
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                if (now >= deadline)
                {
                    break;
                }

                if (now >= warmUpUntil && Interlocked.Exchange(ref started, 1) == 0)
                {
                    measuring?.Invoke();
                    stopwatch.Start();
                }

                var seq = current.Thread.LastSeq + 1;
                var message = new ThreadMessage { Seq = seq, Id = Identifiers.NewMessageId(TimeProvider.System.GetUtcNow()), Role = turn.Role, Content = turn.Content, CreatedAt = BenchData.Start };
                var next = new StoredThread(current.Thread with { LastSeq = seq, MessageCount = seq }, current.ETag + 1);
                await store.AppendAsync(new AppendBatch(next, current.ETag, [message], null), CancellationToken.None);
                current = next;
                if (now >= warmUpUntil)
                {
                    count++;
                }
            }

            Interlocked.Add(ref total, count);
        })));
        return (total, stopwatch.Elapsed.TotalSeconds);
    }
}
