using System.Diagnostics;
using Threads.Grains;

namespace Threads.Benchmarks.Load;

/// <summary>Appenders through <see cref="IThreadGrain.AppendAsync"/> on a silo in process, one thread each, each on a task of its own.</summary>
internal static class GrainAppenders
{
    /// <summary>Creates <paramref name="appenders"/> threads of resource <paramref name="resourceId"/>, one per appender.</summary>
    public static async Task<IThreadGrain[]> CreateAsync(BenchSilo silo, int appenders, string resourceId)
    {
        var grains = new IThreadGrain[appenders];
        for (var i = 0; i < appenders; i++)
        {
            grains[i] = silo.Thread(BenchData.Namespace, Identifiers.NewThreadId());
            await grains[i].CreateAsync(new CreateThreadRequest { ResourceId = resourceId });
        }

        return grains;
    }

    /// <summary>Appends <paramref name="request"/> to each grain, one call at a time per grain, for <paramref name="duration"/>; returns the appends.</summary>
    public static async Task<long> RunAsync(IThreadGrain[] grains, AppendMessagesRequest request, TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(grains.Select(grain => Task.Run(async () =>
        {
            long count = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await grain.AppendAsync(request);
                count++;
            }

            return count;
        })));
        return counts.Sum();
    }
}
