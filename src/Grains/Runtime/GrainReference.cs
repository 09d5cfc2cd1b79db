namespace Threads.Grains.Runtime;

/// <summary>The base of the in-process proxies that implement a grain interface by queueing each call as a turn of the activation.</summary>
/// <typeparam name="TGrain">The grain interface.</typeparam>
public abstract class GrainReference<TGrain>
    where TGrain : IGrain
{
    private readonly GrainRuntime _runtime;

    /// <summary>Creates a reference to one grain.</summary>
    protected GrainReference(GrainRuntime runtime, GrainId grainId)
    {
        _runtime = runtime;
        GrainId = grainId;
    }

    /// <summary>The grain this reference calls.</summary>
    public GrainId GrainId { get; }

    /// <summary>Runs <paramref name="call"/> as one turn of the grain's activation, activating it first if needed.</summary>
    protected Task<TResult> InvokeAsync<TState, TResult>(
        Func<TGrain, TState, CancellationToken, Task<TResult>> call,
        TState state,
        CancellationToken cancellationToken) =>
        _runtime.InvokeAsync(GrainId, call, state, cancellationToken);
}
