using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Threads.Grains.Events.Internal;

namespace Threads.Grains.Events;

/// <summary>
/// Carries events to the other silos through Orleans: each silo runs a <see cref="ThreadEventRelay"/>, and one loop here
/// sends every other active silo's relay all the events waiting (up to a batch), to all of them at once, then waits for
/// their answers before the next batch: a thread's events arrive in the order of its writes, and while one batch is on
/// its way the next one gathers. A silo alone in its cluster (one SQLite silo) sends nothing, and its writes make no
/// event data for the purpose.
/// </summary>
internal sealed partial class OrleansThreadEventTransport : IThreadEventTransport, ILifecycleParticipant<ISiloLifecycle>
{
    // Events waiting at most: past that the oldest are dropped, a gap the streams' Last-Event-ID resumption covers.
    private const int Capacity = 8_192;

    // Events sent in one call at most: under load one message carries many, without making any one message huge.
    private const int MaxBatch = 256;

    private readonly Channel<ThreadEvent> _outbox = Channel.CreateBounded<ThreadEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly IClusterMembershipService _membership;
    private readonly SiloAddress _self;
    private readonly ThreadEventRelayClient _relays;
    private readonly ILogger<OrleansThreadEventTransport> _logger;
    private Targets? _targets;
    private Task? _sender;

    /// <summary>Creates the transport of this silo.</summary>
    public OrleansThreadEventTransport(
        IClusterMembershipService membership,
        ILocalSiloDetails silo,
        ThreadEventRelayClient relays,
        ILogger<OrleansThreadEventTransport> logger)
    {
        _membership = membership;
        _self = silo.SiloAddress;
        _relays = relays;
        _logger = logger;
    }

    /// <inheritdoc/>
    public bool HasListeners => CurrentTargets().Relays.Length > 0;

    /// <inheritdoc/>
    public void Send(ThreadEvent threadEvent)
    {
        ArgumentNullException.ThrowIfNull(threadEvent);

        // Never fails while the silo runs (the oldest event gives way); once stopping, the event is dropped.
        _outbox.Writer.TryWrite(threadEvent);
    }

    /// <inheritdoc/>
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);

        // Application services start before the silo joins and stop after its grains are deactivated: the last writes'
        // events are still sent, while the connections to the other silos are up.
        lifecycle.Subscribe<OrleansThreadEventTransport>(ServiceLifecycleStage.ApplicationServices, OnStartAsync, OnStopAsync);
    }

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _sender = Task.Run(SendLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        // The loop sends what is waiting, then ends; a stop that must be quick does not wait for the other silos' answers.
        _outbox.Writer.TryComplete();
        if (_sender is { } sender)
        {
            await sender.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _outbox.Reader;
        var batch = new List<ThreadEvent>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var threadEvent))
            {
                batch.Add(threadEvent);
            }

            var events = batch.ToArray();
            batch.Clear();
            await Task.WhenAll(Array.ConvertAll(CurrentTargets().Relays, target => SendAsync(target, events))).ConfigureAwait(false);
        }
    }

    private async Task SendAsync((SiloAddress Silo, IThreadEventRelay Relay) target, ThreadEvent[] events)
    {
        try
        {
            await target.Relay.PublishAsync(events).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Best effort: a silo that cannot be reached now misses these; its streams resume from its window.
            LogSendFailed(_logger, exception, events.Length, target.Silo);
        }
    }

    /// <summary>The other active silos' relays, worked out again only when the membership changes.</summary>
    private Targets CurrentTargets()
    {
        var snapshot = _membership.CurrentSnapshot;
        var targets = _targets;
        if (targets is null || targets.Version != snapshot.Version)
        {
            // Racing callers compute the same value; whichever is kept is right.
            targets = new Targets(
                snapshot.Version,
                [.. snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(_self))
                    .Select(m => (m.SiloAddress, _relays.On(m.SiloAddress)))]);
            _targets = targets;
        }

        return targets;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Relaying {Count} events to silo {Silo} failed; they are dropped.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int count, SiloAddress silo);

    private sealed record Targets(MembershipVersion Version, (SiloAddress Silo, IThreadEventRelay Relay)[] Relays);
}
