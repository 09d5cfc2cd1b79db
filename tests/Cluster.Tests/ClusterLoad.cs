using System.Diagnostics;
using Threads.Grains;

namespace Threads.Cluster.Tests;

/// <summary>A writer that appends numbered messages to one thread until told to stop, as a client in production would:
/// an append whose silo cannot be reached is retried with the same <c>Idempotency-Key</c>.</summary>
internal sealed class ThreadWriter(string name, Func<IThreadGrain> grain)
{
    /// <summary>How long one append may keep answering unavailable before the writer gives up (and the test fails).</summary>
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(30);

    private readonly List<(string Text, long At)> _acknowledged = [];
    private readonly Lock _lock = new();

    public string Name { get; } = name;

    /// <summary>Answers of 503 <c>unavailable</c> that were retried.</summary>
    public int Retries { get; private set; }

    /// <summary>The longest time between two acknowledged appends (from the writer's start for the first).</summary>
    public TimeSpan LongestWait { get; private set; }

    public IReadOnlyList<string> Acknowledged
    {
        get
        {
            lock (_lock)
            {
                return [.. _acknowledged.Select(static a => a.Text)];
            }
        }
    }

    /// <summary>Acknowledged appends at or after the <see cref="Stopwatch"/> timestamp <paramref name="since"/>.</summary>
    public int AcknowledgedSince(long since)
    {
        lock (_lock)
        {
            return _acknowledged.Count(a => a.At >= since);
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var previous = Stopwatch.GetTimestamp();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var text = $"{Name}-{i:0000}";
            await AppendAsync(text);
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                _acknowledged.Add((text, now));
            }

            var waited = Stopwatch.GetElapsedTime(previous, now);
            LongestWait = waited > LongestWait ? waited : LongestWait;
            previous = now;
        }
    }

    private async Task AppendAsync(string text)
    {
        var request = new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, text)] };
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                // No token: an append once sent is finished, so what the writer counts is what it was told.
                await grain().AppendAsync(request, idempotencyKey: text, CancellationToken.None);
                return;
            }
            catch (ThreadsException e) when (e.Code == ErrorCodes.Unavailable && Stopwatch.GetElapsedTime(started) < RetryBudget)
            {
                Retries++;
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }
}

/// <summary>Reads and checks what the writers left in their threads.</summary>
internal static class ClusterLoad
{
    /// <summary>Waits, polling, until <paramref name="done"/> holds; the test's own timeout bounds a cluster that never gets there.</summary>
    public static async Task UntilAsync(Func<bool> done, CancellationToken cancellationToken)
    {
        while (!done())
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>The thread holds exactly what the writer was told was stored: each once, in its order, seqs 1..n.</summary>
    public static async Task AssertHoldsExactlyAsync(IThreadGrain thread, ThreadWriter writer, CancellationToken cancellationToken)
    {
        var stored = await ReadAllAsync(thread, cancellationToken);
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(static i => (long)i), stored.Select(static m => m.Seq));
        Assert.Equal(writer.Acknowledged, stored.Select(Text));
    }

    public static async Task<List<ThreadMessage>> ReadAllAsync(IThreadGrain thread, CancellationToken cancellationToken)
    {
        var all = new List<ThreadMessage>();
        string? cursor = null;
        do
        {
            var page = await thread.GetMessagesAsync(new MessageQuery { Limit = 200, Cursor = cursor }, cancellationToken);
            all.AddRange(page.Messages);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }

    public static string Text(ThreadMessage message) => ((TextPart)message.Content[0]).Text;
}
