using System.Diagnostics;

namespace Threads.LoadDriver;

/// <summary>Collects per-operation latencies from many workers and reports throughput and percentiles.</summary>
internal sealed class LatencyRecorder
{
    private readonly Lock _lock = new();
    private readonly List<double> _milliseconds = [];

    public void Add(List<double> batch)
    {
        lock (_lock)
        {
            _milliseconds.AddRange(batch);
        }
    }

    public int Count => _milliseconds.Count;

    public double Percentile(double p)
    {
        _milliseconds.Sort();
        return _milliseconds.Count == 0 ? double.NaN : _milliseconds[Math.Min(_milliseconds.Count - 1, (int)(p * _milliseconds.Count))];
    }

    public static double Elapsed(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}
