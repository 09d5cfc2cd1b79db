using System.Diagnostics;
using Threads.TestingHost;

namespace Threads.LoadDriver;

/// <summary>How long a 2-silo cluster takes to deploy and dispose.</summary>
internal static class ClusterTimings
{
    public static async Task<(double First, double Median, double Max)> MeasureAsync(int runs)
    {
        var timings = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await using (var cluster = new ThreadsTestCluster(o => o.SiloCount = 2))
            {
                await cluster.DeployAsync();
            }

            timings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var rest = timings.Skip(1).Order().ToArray();
        return (timings[0], rest[rest.Length / 2], rest[^1]);
    }
}
