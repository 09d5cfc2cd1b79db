using System.Collections.Concurrent;
using Threads.Grains.Runtime;

namespace Threads.Grains.Tests.Runtime;

/// <summary>What the test grains saw: activations, and the most turns ever in flight at once per grain.</summary>
public sealed class TestGrainProbe
{
    private readonly ConcurrentDictionary<GrainId, int> _inFlight = new();

    public int Activations;

    public int Deactivations;

    public int FailActivations;

    public int CountedAtDeactivation;

    public int MaxConcurrentTurns;

    public IDisposable Enter(GrainId id)
    {
        var now = _inFlight.AddOrUpdate(id, 1, static (_, n) => n + 1);
        int seen;
        while ((seen = Volatile.Read(ref MaxConcurrentTurns)) < now && Interlocked.CompareExchange(ref MaxConcurrentTurns, now, seen) != seen)
        {
        }

        return new Exit(this, id);
    }

    private sealed class Exit(TestGrainProbe probe, GrainId id) : IDisposable
    {
        public void Dispose() => probe._inFlight.AddOrUpdate(id, 0, static (_, n) => n - 1);
    }
}
