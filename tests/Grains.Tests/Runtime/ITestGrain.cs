namespace Threads.Grains.Tests.Runtime;

/// <summary>A grain for runtime tests: each call can be held open by the test to observe turns.</summary>
public interface ITestGrain : IGrain
{
    Task<int> IncrementAsync(CancellationToken cancellationToken = default);

    Task<int> HoldAsync(TaskCompletionSource gate, CancellationToken cancellationToken = default);

    Task<int> GetInstanceIdAsync(CancellationToken cancellationToken = default);

    /// <summary>The call's turn number and the one activation ran in.</summary>
    Task<(long Turn, long ActivatedIn)> GetTurnAsync(CancellationToken cancellationToken = default);
}
