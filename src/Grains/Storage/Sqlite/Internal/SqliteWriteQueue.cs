using System.Diagnostics;
using System.Threading.Channels;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>
/// The pending writes and the one thread that commits them. The thread takes every pending write (up to the batch
/// size) and hands them to the writer as one batch. It is a dedicated thread, not a pool task, because a batch blocks
/// on the disk sync, and because a producer wakes it directly instead of through the thread pool, which on a loaded
/// machine adds its own delay to every commit.
/// </summary>
internal sealed class SqliteWriteQueue
{
    // How long the thread keeps looking for the next write before it sleeps. A caller that appends again right after
    // its answer (an agent loop, a client pipeline) is back within this time; waking a sleeping thread costs more.
    private static readonly long SpinTicks = Stopwatch.Frequency * 30 / 1_000_000;

    // How long it keeps looking while the WAL sync thread is busy: that thread's answers bring the next writes as soon
    // as the sync ends, a few hundred microseconds away. Waking a sleeping thread costs tens of microseconds of the
    // waker's time on a virtual machine, paid on the sync thread between two answers.
    private static readonly long SpinWhileSyncingTicks = Stopwatch.Frequency * 600 / 1_000_000;

    // How long the thread waits, idle, before it folds a tail smaller than a fold into the indexes.
    private static readonly TimeSpan TailFoldDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<WriteOperation> _pending = Channel.CreateUnbounded<WriteOperation>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SqliteWriter _writer;
    private readonly int _maxBatchSize;

    // One timer for every idle sleep, armed with Change: the tail fold's delay runs on the injected clock (a test's fake
    // one too), and a sleep allocates nothing.
    private readonly ITimer _tailFoldTimer;
    private int _sleeping;
    private int _tailFoldDue;

    public SqliteWriteQueue(SqliteWriter writer, int maxBatchSize, TimeProvider time)
    {
        _writer = writer;
        _maxBatchSize = maxBatchSize;
        _tailFoldTimer = time.CreateTimer(static state => ((SqliteWriteQueue)state!).TailFoldDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        new Thread(Run) { IsBackground = true, Name = "Threads SQLite writer" }.Start();
    }

    /// <summary>Ends when the thread has committed every write queued before <see cref="Complete"/> and stopped.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Queues a write; false once the queue is completed.</summary>
    public bool TryEnqueue(WriteOperation operation)
    {
        if (!_pending.Writer.TryWrite(operation))
        {
            return false;
        }

        Wake();
        return true;
    }

    /// <summary>Takes no more writes; the thread stops once it has run those already queued.</summary>
    public void Complete()
    {
        _pending.Writer.TryComplete();
        Wake();
    }

    private void Wake()
    {
        // The channel's write is a full fence, so either the thread sees the write before it sleeps or we see it asleep.
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Set();
        }
    }

    private void TailFoldDue()
    {
        Volatile.Write(ref _tailFoldDue, 1);
        _wake.Set();
    }

    /// <summary>Spins briefly for the next write (longer while a sync is in flight); true if one came.</summary>
    private bool AwaitNextWrite(ChannelReader<WriteOperation> reader)
    {
        var syncing = _writer.Syncing;
        var until = Stopwatch.GetTimestamp() + (syncing ? SpinWhileSyncingTicks : SpinTicks);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (reader.TryPeek(out _))
            {
                return true;
            }

            if (syncing)
            {
                // The long wait gives the core to any other thread that can run (request handlers, say).
                Thread.Yield();
            }
            else
            {
                Thread.SpinWait(10);
            }
        }

        return false;
    }

    private void Run()
    {
        var reader = _pending.Reader;
        var batch = new List<WriteOperation>(_maxBatchSize);
        try
        {
            while (true)
            {
                while (batch.Count < _maxBatchSize && reader.TryRead(out var operation))
                {
                    if (operation.IsCanceled)
                    {
                        operation.Cancel();
                    }
                    else
                    {
                        batch.Add(operation);
                    }
                }

                if (batch.Count > 0)
                {
                    _writer.Run(batch, reader.TryPeek(out _));
                    batch.Clear();
                    continue;
                }

                if (reader.Completion.IsCompleted)
                {
                    _writer.CommitHeld();
                    return;
                }

                if (AwaitNextWrite(reader))
                {
                    continue;
                }

                _writer.Maintain();

                _wake.Reset();
                Interlocked.Exchange(ref _sleeping, 1);
                if (reader.TryPeek(out _) || reader.Completion.IsCompleted)
                {
                    Interlocked.Exchange(ref _sleeping, 0);
                    continue;
                }

                // A tail left after the writes paused is folded soon, so that it is not left to be scanned by reads
                // and matched outside the search index until enough new writes come.
                var foldArmed = _writer.HasTail;
                if (foldArmed)
                {
                    Volatile.Write(ref _tailFoldDue, 0);
                    _tailFoldTimer.Change(TailFoldDelay, Timeout.InfiniteTimeSpan);
                }

                _wake.Wait();
                Interlocked.Exchange(ref _sleeping, 0);
                if (!foldArmed)
                {
                    continue;
                }

                // The timer and a write may wake the thread at once: the fold runs if the delay passed, the write next.
                // A write that woke it first disarms the timer; a callback already under way then only marks a later
                // sleep's tail as due early, which folds it sooner and loses nothing.
                if (Interlocked.Exchange(ref _tailFoldDue, 0) == 1)
                {
                    _writer.FoldTail();
                }
                else
                {
                    _tailFoldTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }
            }
        }
        catch (Exception ex)
        {
            // Not expected (the writer answers every failure of a batch itself), but never leave a caller waiting.
            _pending.Writer.TryComplete(ex);
            foreach (var operation in batch)
            {
                operation.Fail(ex);
            }

            _writer.FailHeld(ex);

            while (reader.TryRead(out var operation))
            {
                operation.Fail(ex);
            }
        }
        finally
        {
            _tailFoldTimer.Dispose();
            _stopped.TrySetResult();
        }
    }
}
