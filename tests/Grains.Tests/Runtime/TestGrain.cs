using Threads.Grains.Runtime;

namespace Threads.Grains.Tests.Runtime;

/// <summary>Counts its calls with a read-await-write sequence that loses updates if two turns ever interleave.</summary>
public sealed class TestGrain(TestGrainProbe probe) : Grain, ITestGrain
{
    private int _count;
    private long _activatedIn;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (probe.FailActivations > 0)
        {
            probe.FailActivations--;
            throw new InvalidOperationException("activation failed on purpose");
        }

        Interlocked.Increment(ref probe.Activations);
        _activatedIn = Turn;
    }

    public override Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.Deactivations);
        Interlocked.Add(ref probe.CountedAtDeactivation, _count);
        return Task.CompletedTask;
    }

    public async Task<int> IncrementAsync(CancellationToken cancellationToken = default)
    {
        using var turn = probe.Enter(GrainId);
        var read = _count;
        await Task.Yield();
        _count = read + 1;
        return _count;
    }

    public async Task<int> HoldAsync(TaskCompletionSource gate, CancellationToken cancellationToken = default)
    {
        using var turn = probe.Enter(GrainId);
        await gate.Task;
        return ++_count;
    }

    public Task<int> GetInstanceIdAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this));

    public Task<(long Turn, long ActivatedIn)> GetTurnAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult((Turn, _activatedIn));
}
