using System.Diagnostics.Metrics;

namespace Threads.PostgresBench;

/// <summary>Averages the store's <c>threads.store.commit.batch_size</c> histogram: how many appends share a commit.</summary>
internal sealed class BatchSizeListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _batches;
    private long _appends;

    public BatchSizeListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "threads.store.commit.batch_size")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _appends, size);
        });
        _listener.Start();
    }

    /// <summary>The mean batch since the last call, and starts over.</summary>
    public double TakeMean()
    {
        var batches = Interlocked.Exchange(ref _batches, 0);
        var appends = Interlocked.Exchange(ref _appends, 0);
        return batches == 0 ? 0 : (double)appends / batches;
    }

    public void Dispose() => _listener.Dispose();
}
