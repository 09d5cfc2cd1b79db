using BenchmarkDotNet.Running;
using Threads.Benchmarks.Cluster;
using Threads.Benchmarks.Load;
using Threads.Benchmarks.Search;
using Threads.Benchmarks.Telemetry;
using Threads.Benchmarks.Ui;

if (args is ["load", .. var loadArgs])
{
    return await LoadDriver.RunAsync(loadArgs);
}

if (args is ["search", .. var searchArgs])
{
    return await SearchBench.RunAsync(searchArgs);
}

if (args is ["ui", .. var uiArgs])
{
    return await ThreadPageBench.RunAsync(uiArgs);
}

if (args is ["telemetry", .. var telemetryArgs])
{
    return await TelemetryBench.RunAsync(telemetryArgs);
}

if (args is ["cluster", .. var clusterArgs])
{
    return await TestClusterTimings.RunAsync(clusterArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(TestClusterTimings).Assembly).Run(args);
return 0;
