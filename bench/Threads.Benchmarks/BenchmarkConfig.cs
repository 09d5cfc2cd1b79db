using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Threads.Benchmarks;

/// <summary>
/// Short runs, in process: this runs on a 2-core machine, and building a child project per benchmark (the default
/// toolchain) would cost more than the measurements.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithIterationCount(5).WithWarmupCount(3));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
