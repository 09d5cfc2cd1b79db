using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Threads.Grains.Runtime.Internal;

namespace Threads.Grains.Runtime;

/// <summary>
/// The grain runtime of one silo: an activation table, a turn lock per activation and idle collection.
/// Calls to one activation run one at a time, across awaits; calls to different grains run in parallel.
/// Nothing here is distributed: two runtimes over one database are kept apart by the storage's conditional writes.
/// </summary>
public sealed partial class GrainRuntime : IGrainFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly IReadOnlyDictionary<Type, GrainRegistration> _registrations;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly GrainRuntimeOptions _options;
    private readonly ILogger<GrainRuntime> _logger;
    private readonly ITimer _collectionTimer;
    private readonly SemaphoreSlim _collectionLock = new(1, 1);
    private Task _collection = Task.CompletedTask;
    private int _disposed;

    /// <summary>Creates the runtime; grains are registered with <c>AddThreadsGrains</c>.</summary>
    public GrainRuntime(
        IServiceProvider services,
        IEnumerable<GrainTypeRegistration> registrations,
        IOptions<GrainRuntimeOptions> options,
        TimeProvider time,
        ILogger<GrainRuntime> logger)
    {
        _services = services;
        _options = options.Value;
        _options.Validate();
        _time = time;
        _logger = logger;
        _registrations = registrations.ToDictionary(r => r.Interface, r => r.Registration);
        _collectionTimer = time.CreateTimer(
            static s => ((GrainRuntime)s!).StartCollection(),
            this,
            _options.CollectionInterval,
            _options.CollectionInterval);
    }

    /// <summary>How many activations are live now.</summary>
    public int ActivationCount => _activations.Count;

    /// <inheritdoc/>
    public TGrain GetGrain<TGrain>(string @namespace, string key)
        where TGrain : IGrain
    {
        if (!_registrations.TryGetValue(typeof(TGrain), out var registration))
        {
            throw new InvalidOperationException($"No grain class is registered for {typeof(TGrain).Name}.");
        }

        if (!Identifiers.IsValidNamespace(@namespace))
        {
            throw InvalidArgumentException.ForField("namespace", "must match ^[a-z0-9][a-z0-9_-]{0,63}$");
        }

        if (!registration.IsValidKey(key))
        {
            throw InvalidArgumentException.ForField("id", "must match ^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$");
        }

        return (TGrain)registration.CreateReference(this, new GrainId(typeof(TGrain), @namespace, key));
    }

    /// <summary>Deactivates every activation unused for longer than the idle timeout, and the least recently used ones past the cap.</summary>
    /// <returns>How many were deactivated.</returns>
    public async Task<int> CollectIdleActivationsAsync(CancellationToken cancellationToken = default)
    {
        await _collectionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var idleBefore = _time.GetTimestamp() - ToTimestampTicks(_options.IdleTimeout);
            var collected = 0;
            foreach (var (_, activation) in _activations)
            {
                if (activation.LastUsed <= idleBefore)
                {
                    collected += await TryDeactivateAsync(activation).ConfigureAwait(false) ? 1 : 0;
                }
            }

            var excess = _activations.Count - _options.MaxActivations;
            if (excess > 0)
            {
                List<GrainActivation> byLastUse = [.. _activations.Values];
                byLastUse.Sort(static (a, b) => a.LastUsed.CompareTo(b.LastUsed));
                foreach (var activation in byLastUse)
                {
                    if (excess <= 0)
                    {
                        break;
                    }

                    if (await TryDeactivateAsync(activation).ConfigureAwait(false))
                    {
                        collected++;
                        excess--;
                    }
                }
            }

            if (collected > 0)
            {
                LogCollected(collected, _activations.Count);
            }

            return collected;
        }
        finally
        {
            _collectionLock.Release();
        }
    }

    /// <summary>Deactivates every activation, waiting for the turns in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _collectionTimer.DisposeAsync().ConfigureAwait(false);
        await _collection.ConfigureAwait(false);
        foreach (var (_, activation) in _activations)
        {
            await activation.TurnLock.WaitAsync().ConfigureAwait(false);
            await DeactivateHeldAsync(activation).ConfigureAwait(false);
        }
    }

    internal async Task<TResult> InvokeAsync<TGrain, TState, TResult>(
        GrainId id,
        Func<TGrain, TState, CancellationToken, Task<TResult>> call,
        TState state,
        CancellationToken cancellationToken)
        where TGrain : IGrain
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var deadline = _time.GetTimestamp() + ToTimestampTicks(_options.CallTimeout);
        while (true)
        {
            var activation = GetOrAddActivation(id);
            await EnterTurnAsync(activation, deadline, cancellationToken).ConfigureAwait(false);
            var releaseNow = true;
            try
            {
                if (activation.State == ActivationState.Deactivated)
                {
                    continue;
                }

                activation.Grain.BeginTurn();
                if (activation.State == ActivationState.Created)
                {
                    await ActivateAsync(activation, cancellationToken).ConfigureAwait(false);
                }

                activation.Touch(_time.GetTimestamp());
                var turn = call((TGrain)(object)activation.Grain, state, cancellationToken);
                if (turn.IsCompleted)
                {
                    return await turn.ConfigureAwait(false);
                }

                try
                {
                    return await turn.WaitAsync(Remaining(deadline), _time, CancellationToken.None).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // The turn goes on: keep the lock until it ends, so no other call interleaves with it.
                    releaseNow = false;
                    _ = turn.ContinueWith(
                        static (_, s) => ((SemaphoreSlim)s!).Release(),
                        activation.TurnLock,
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                    throw new GrainCallTimeoutException(id, _options.CallTimeout);
                }
            }
            finally
            {
                if (releaseNow)
                {
                    activation.Touch(_time.GetTimestamp());
                    activation.TurnLock.Release();
                }
            }
        }
    }

    private GrainActivation GetOrAddActivation(GrainId id)
    {
        if (_activations.TryGetValue(id, out var existing))
        {
            return existing;
        }

        var created = new GrainActivation(id, CreateGrain(id), _time.GetTimestamp());
        var activation = _activations.GetOrAdd(id, created);
        if (ReferenceEquals(activation, created) && _activations.Count > _options.MaxActivations)
        {
            StartCollection();
        }

        return activation;
    }

    private Grain CreateGrain(GrainId id)
    {
        var grain = _registrations[id.Interface].CreateGrain(_services);
        grain.Bind(id, this);
        return grain;
    }

    private async Task EnterTurnAsync(GrainActivation activation, long deadline, CancellationToken cancellationToken)
    {
        // Fast path: the activation is free; no timer, no allocation.
        if (activation.TurnLock.Wait(0, CancellationToken.None))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(Remaining(deadline), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await activation.TurnLock.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GrainCallTimeoutException(activation.Id, _options.CallTimeout);
        }
    }

    private async Task ActivateAsync(GrainActivation activation, CancellationToken cancellationToken)
    {
        try
        {
            await activation.Grain.OnActivateAsync(cancellationToken).ConfigureAwait(false);
            activation.State = ActivationState.Active;
        }
        catch (Exception ex)
        {
            // A failed activation is not kept: the next call makes a new one.
            activation.State = ActivationState.Deactivated;
            _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));
            LogActivationFailed(ex, activation.Id);
            throw;
        }
    }

    private async Task<bool> TryDeactivateAsync(GrainActivation activation)
    {
        // Only an activation with no turn in flight or queued is collected; a busy one is in use, not idle.
        if (!activation.TurnLock.Wait(0, CancellationToken.None))
        {
            return false;
        }

        await DeactivateHeldAsync(activation).ConfigureAwait(false);
        return true;
    }

    private async Task DeactivateHeldAsync(GrainActivation activation)
    {
        try
        {
            if (activation.State == ActivationState.Deactivated)
            {
                return;
            }

            var wasActive = activation.State == ActivationState.Active;
            activation.State = ActivationState.Deactivated;
            _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));
            if (wasActive)
            {
                await activation.Grain.OnDeactivateAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            LogDeactivationFailed(ex, activation.Id);
        }
        finally
        {
            activation.TurnLock.Release();
        }
    }

    private void StartCollection()
    {
        lock (_collectionTimer)
        {
            if (_collection.IsCompleted && Volatile.Read(ref _disposed) == 0)
            {
                _collection = Task.Run(() => CollectIdleActivationsAsync());
            }
        }
    }

    private TimeSpan Remaining(long deadline)
    {
        var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private long ToTimestampTicks(TimeSpan span) => (long)(span.Ticks * (_time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivated {Collected} idle activations; {Live} live.")]
    private partial void LogCollected(int collected, int live);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activating {GrainId} failed.")]
    private partial void LogActivationFailed(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deactivating {GrainId} failed.")]
    private partial void LogDeactivationFailed(Exception exception, GrainId grainId);
}
