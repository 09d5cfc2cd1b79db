using Threads.Grains.Storage;

namespace Threads.Grains.Threads.Internal;

/// <summary>
/// The newest messages of a thread, oldest first, in a ring of fixed capacity. It is always a complete suffix of the
/// log: every message newer than its oldest one is in it, so a page that falls inside it is answered without the store.
/// </summary>
internal sealed class MessageTail(int capacity)
{
    private ThreadMessage[] _ring = [];
    private int _start;

    public int Count { get; private set; }

    public void Reset(IReadOnlyList<ThreadMessage> oldestFirst)
    {
        Count = 0;
        _start = 0;
        Append(oldestFirst);
    }

    public void Clear()
    {
        _ring = [];
        Count = 0;
        _start = 0;
    }

    public void Append(IReadOnlyList<ThreadMessage> messages)
    {
        var needed = Math.Min(capacity, Count + messages.Count);
        if (_ring.Length < needed)
        {
            // Grow lazily: an activation that only appends and never reads keeps a small ring.
            var grown = new ThreadMessage[Math.Min(capacity, Math.Max(8, needed * 2))];
            for (var i = 0; i < Count; i++)
            {
                grown[i] = At(i);
            }

            _ring = grown;
            _start = 0;
        }

        foreach (var message in messages)
        {
            if (Count < _ring.Length)
            {
                _ring[(_start + Count) % _ring.Length] = message;
                Count++;
            }
            else if (_ring.Length > 0)
            {
                // Full at capacity: the oldest message leaves the ring.
                _ring[_start] = message;
                _start = (_start + 1) % _ring.Length;
            }
        }
    }

    /// <summary>The slice, or null when part of it may lie before the tail; <paramref name="logCount"/> is the log's message count.</summary>
    public List<ThreadMessage>? TryRead(MessageRange range, long logCount)
    {
        var wholeLog = Count == logCount;
        if (Count == 0)
        {
            return wholeLog ? [] : null;
        }

        var after = range.After ?? 0;
        var before = range.Before ?? long.MaxValue;
        var result = new List<ThreadMessage>(Math.Min(range.Limit, Count));
        if (range.Descending)
        {
            for (var i = Count - 1; i >= 0; i--)
            {
                var message = At(i);
                if (message.Seq <= after)
                {
                    return result;
                }

                if (message.Seq < before && Matches(message, range.RunId))
                {
                    result.Add(message);
                    if (result.Count == range.Limit)
                    {
                        return result;
                    }
                }
            }

            return wholeLog ? result : null;
        }

        if (!wholeLog && after < At(0).Seq - 1)
        {
            return null;
        }

        for (var i = 0; i < Count; i++)
        {
            var message = At(i);
            if (message.Seq >= before)
            {
                break;
            }

            if (message.Seq > after && Matches(message, range.RunId))
            {
                result.Add(message);
                if (result.Count == range.Limit)
                {
                    break;
                }
            }
        }

        return result;
    }

    private ThreadMessage At(int index) => _ring[(_start + index) % _ring.Length];

    private static bool Matches(ThreadMessage message, string? runId) =>
        runId is null || string.Equals(message.RunId, runId, StringComparison.Ordinal);
}
