namespace Threads.Grains.Runtime;

/// <summary>
/// The base of grain classes. The runtime creates one instance per activation and calls it one turn at a time,
/// so a grain keeps its state in plain fields with no locks.
/// </summary>
public abstract class Grain
{
    /// <summary>Who this grain is; set by the runtime before activation.</summary>
    public GrainId GrainId { get; internal set; }

    /// <summary>
    /// The number of the call this activation is running, from 1 (<see cref="OnActivateAsync"/> runs in call 1). What
    /// the grain read in the current call is as fresh as reading it again would be: no other call has run since.
    /// </summary>
    protected long Turn { get; private set; }

    /// <summary>Finds other grains.</summary>
    protected IGrainFactory GrainFactory { get; private set; } = null!;

    /// <summary>Called in the first turn, before any call; an exception fails the call and discards the activation.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called in the last turn, when the runtime collects the activation.</summary>
    public virtual Task OnDeactivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal void BeginTurn() => Turn++;

    internal void Bind(GrainId id, IGrainFactory factory)
    {
        GrainId = id;
        GrainFactory = factory;
    }
}
