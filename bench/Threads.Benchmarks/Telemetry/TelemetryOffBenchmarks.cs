using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Threads.Grains.Diagnostics.Internal;

namespace Threads.Benchmarks.Telemetry;

/// <summary>
/// What telemetry adds to one append while nothing listens (no OTLP endpoint): the calls the grain and the SQLite
/// store make for it, each finding no listener. Run alone in its process, so that none is attached.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class TelemetryOffBenchmarks
{
    private static readonly Func<long, ActivityContext> Caller = static _ => default;
    private readonly List<long> _writes = [1];

    /// <summary>The write's caller context, the append's counters, the commit's timestamp, histograms and span.</summary>
    [Benchmark]
    public long OneAppendsInstruments()
    {
        var caller = ThreadsInstruments.CallerContext();
        var openedAt = ThreadsInstruments.CommitStarted();
        ThreadsInstruments.RecordAppend(1);
        ThreadsInstruments.RecordCommit(ThreadsInstruments.Sqlite, 1, openedAt);
        ThreadsInstruments.StartCommit(ThreadsInstruments.Sqlite, _writes, Caller)?.Dispose();
        return openedAt + caller.TraceFlags.GetHashCode();
    }
}
