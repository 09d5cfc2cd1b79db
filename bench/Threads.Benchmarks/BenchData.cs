using Threads.Grains;
using Threads.Grains.Storage;

namespace Threads.Benchmarks;

/// <summary>Seeds databases straight through the store (fast), in the shape the grains write.</summary>
public static class BenchData
{
    public const string Namespace = "bench";

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>About 200 bytes of text, a typical chat turn.</summary>
    public static NewMessage Turn(int i) => NewMessage.FromText(
        i % 2 == 0 ? MessageRole.User : MessageRole.Assistant,
        $"Message {i}: the quick brown fox jumps over the lazy dog while the agent thinks about what to answer next, and then it answers at some length.");

    /// <summary>Creates a thread holding <paramref name="count"/> messages, appended <paramref name="chunk"/> at a time.</summary>
    public static async Task SeedThreadAsync(IThreadStore store, string id, int count, string? resourceId = null, int chunk = 1000)
    {
        var header = new StoredThread(
            new ThreadInfo { Id = id, Namespace = Namespace, ResourceId = resourceId, CreatedAt = Start, UpdatedAt = Start, Version = 1 },
            ETag: 1);
        if (!await store.CreateThreadAsync(header, [], CancellationToken.None).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Thread {id} exists already.");
        }

        for (var from = 1; from <= count; from += chunk)
        {
            var messages = Enumerable.Range(from, Math.Min(chunk, count - from + 1)).Select(seq => new ThreadMessage
            {
                Seq = seq,
                Id = Identifiers.NewMessageId(TimeProvider.System.GetUtcNow()),
                Role = Turn(seq).Role,
                Content = Turn(seq).Content,
                CreatedAt = Start.AddMilliseconds(seq),
            }).ToArray();
            var next = new StoredThread(
                header.Thread with
                {
                    LastSeq = header.Thread.LastSeq + messages.Length,
                    MessageCount = header.Thread.MessageCount + messages.Length,
                    UpdatedAt = messages[^1].CreatedAt,
                },
                header.ETag + 1);
            if (await store.AppendAsync(new AppendBatch(next, header.ETag, messages, null), CancellationToken.None).ConfigureAwait(false) != AppendOutcome.Appended)
            {
                throw new InvalidOperationException("Seeding conflicted.");
            }

            header = next;
        }
    }

    /// <summary>Creates <paramref name="count"/> empty threads of one resource, with distinct update times.</summary>
    public static async Task SeedResourceAsync(IThreadStore store, string resourceId, int count)
    {
        const int Parallel = 2000;
        for (var from = 0; from < count; from += Parallel)
        {
            var creates = Enumerable.Range(from, Math.Min(Parallel, count - from)).Select(i => store.CreateThreadAsync(
                new StoredThread(
                    new ThreadInfo
                    {
                        Id = $"thread_{resourceId}_{i:D7}",
                        Namespace = Namespace,
                        ResourceId = resourceId,
                        Title = $"Conversation {i}",
                        CreatedAt = Start,
                        UpdatedAt = Start.AddSeconds(i),
                        Version = 1,
                    },
                    ETag: 1),
                [],
                CancellationToken.None));
            await Task.WhenAll(creates).ConfigureAwait(false);
        }
    }
}
