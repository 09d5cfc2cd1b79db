using System.Diagnostics;
using System.Globalization;
using Threads.TestingHost;

namespace Threads.Benchmarks.Cluster;

/// <summary>
/// How long a 2-silo <see cref="ThreadsTestCluster"/> takes to deploy and to dispose, the cost every integration test
/// that starts a cluster pays: the first run (with the JIT) apart, then the median and the slowest of the others.
/// </summary>
public static class TestClusterTimings
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        Console.WriteLine($"test cluster: 2 silos over the memory store, {runs} runs after a first, {Environment.ProcessorCount} cores, {Environment.Version}");
        var (firstDeploy, firstDispose) = await DeployAndDisposeAsync();
        Console.WriteLine($"first run: deploy {firstDeploy.TotalMilliseconds:F0} ms, dispose {firstDispose.TotalMilliseconds:F0} ms");
        var deploys = new List<double>(runs);
        var disposes = new List<double>(runs);
        var totals = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var (deploy, dispose) = await DeployAndDisposeAsync();
            deploys.Add(deploy.TotalMilliseconds);
            disposes.Add(dispose.TotalMilliseconds);
            totals.Add((deploy + dispose).TotalMilliseconds);
        }

        Console.WriteLine();
        Console.WriteLine("| step | median ms | max ms |");
        Console.WriteLine("| --- | ---: | ---: |");
        Report("deploy", deploys);
        Report("dispose", disposes);
        Report("deploy + dispose", totals);
        return 0;
    }

    private static async Task<(TimeSpan Deploy, TimeSpan Dispose)> DeployAndDisposeAsync()
    {
        var cluster = new ThreadsTestCluster(static o => o.SiloCount = 2);
        var watch = Stopwatch.StartNew();
        await cluster.DeployAsync();
        var deploy = watch.Elapsed;
        watch.Restart();
        await cluster.DisposeAsync();
        return (deploy, watch.Elapsed);
    }

    private static void Report(string step, List<double> milliseconds)
    {
        milliseconds.Sort();
        Console.WriteLine($"| {step} | {milliseconds[milliseconds.Count / 2]:F0} | {milliseconds[^1]:F0} |");
    }
}
