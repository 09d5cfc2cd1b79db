using Threads.Grains.Runtime;

namespace Threads.Grains.Tests.Runtime;

internal sealed class TestGrainReference(GrainRuntime runtime, GrainId id) : GrainReference<ITestGrain>(runtime, id), ITestGrain
{
    public Task<int> IncrementAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, _, ct) => g.IncrementAsync(ct), 0, cancellationToken);

    public Task<int> HoldAsync(TaskCompletionSource gate, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, s, ct) => g.HoldAsync(s, ct), gate, cancellationToken);

    public Task<int> GetInstanceIdAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, _, ct) => g.GetInstanceIdAsync(ct), 0, cancellationToken);

    public Task<(long Turn, long ActivatedIn)> GetTurnAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, _, ct) => g.GetTurnAsync(ct), 0, cancellationToken);
}
