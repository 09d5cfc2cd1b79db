using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Threads.Grains.Runtime;
using Threads.Testing;

namespace Threads.Grains.Tests.Runtime;

public sealed class GrainRuntimeTests : IAsyncDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly TestGrainProbe _probe = new();
    private readonly ServiceProvider _services;
    private readonly GrainRuntime _runtime;

    public GrainRuntimeTests()
        : this(_ => { })
    {
    }

    private GrainRuntimeTests(Action<GrainRuntimeOptions> configure)
    {
        _services = BuildServices(_time, _probe, configure);
        _runtime = _services.GetRequiredService<GrainRuntime>();
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Invoke_ManyConcurrentCallers_TurnsNeverInterleave()
    {
        var grain = _runtime.GetGrain<ITestGrain>("ns", "counter");

        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(() => grain.IncrementAsync())));

        Assert.Equal(500, results.Max());
        Assert.Equal(Enumerable.Range(1, 500), results.Order());
        Assert.Equal(1, _probe.MaxConcurrentTurns);
    }

    [Fact]
    public async Task Invoke_EachCall_RunsInTheNextTurnAndActivationInTheFirst()
    {
        var grain = _runtime.GetGrain<ITestGrain>("ns", "turns");

        var turns = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => grain.GetTurnAsync())));
        var next = await grain.GetTurnAsync();

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), turns.Select(t => t.Turn).Order());
        Assert.All(turns, t => Assert.Equal(1, t.ActivatedIn));
        Assert.Equal((21L, 1L), next);
    }

    [Fact]
    public async Task Invoke_TwoGrains_RunInParallel()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = _runtime.GetGrain<ITestGrain>("ns", "a").HoldAsync(gate);

        var other = await _runtime.GetGrain<ITestGrain>("ns", "b").IncrementAsync();

        Assert.Equal(1, other);
        Assert.False(held.IsCompleted);
        gate.SetResult();
        Assert.Equal(1, await held);
    }

    [Fact]
    public async Task Invoke_SecondCallWhileFirstAwaits_WaitsForTheTurn()
    {
        var grain = _runtime.GetGrain<ITestGrain>("ns", "held");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = grain.HoldAsync(gate);

        var second = grain.IncrementAsync();

        Assert.False(second.IsCompleted);
        gate.SetResult();
        Assert.Equal(1, await first);
        Assert.Equal(2, await second);
    }

    [Fact]
    public async Task GetGrain_SameKeyTwice_SameActivationKeepsState()
    {
        await _runtime.GetGrain<ITestGrain>("ns", "k").IncrementAsync();
        var again = await _runtime.GetGrain<ITestGrain>("ns", "k").IncrementAsync();
        var otherNamespace = await _runtime.GetGrain<ITestGrain>("other", "k").IncrementAsync();

        Assert.Equal(2, again);
        Assert.Equal(1, otherNamespace);
        Assert.Equal(2, _runtime.ActivationCount);
    }

    [Theory]
    [InlineData("Bad-Namespace", "key")]
    [InlineData("ns", "")]
    [InlineData("ns", "has/slash")]
    [InlineData("ns", "trailing-newline\n")]
    public void GetGrain_InvalidIdentity_ThrowsInvalidArgument(string ns, string key) =>
        Assert.Throws<InvalidArgumentException>(() => _runtime.GetGrain<ITestGrain>(ns, key));

    [Fact]
    public async Task Activate_Fails_CallerGetsErrorAndActivationIsNotKept()
    {
        _probe.FailActivations = 1;
        var grain = _runtime.GetGrain<ITestGrain>("ns", "fragile");

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.IncrementAsync());
        Assert.Equal(0, _runtime.ActivationCount);

        Assert.Equal(1, await grain.IncrementAsync());
        Assert.Equal(1, _probe.Activations);
    }

    [Fact]
    public async Task Collect_IdleLongerThanTimeout_Deactivates()
    {
        var grain = _runtime.GetGrain<ITestGrain>("ns", "idle");
        await grain.IncrementAsync();

        _time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, await _runtime.CollectIdleActivationsAsync());
        Assert.Equal(1, _runtime.ActivationCount);

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await _runtime.CollectIdleActivationsAsync());
        Assert.Equal(0, _runtime.ActivationCount);
        Assert.Equal(1, _probe.Deactivations);

        // A new activation starts from scratch: the grain's in-memory count is gone.
        Assert.Equal(1, await grain.IncrementAsync());
    }

    [Fact]
    public async Task Collect_BusyActivation_IsNotDeactivated()
    {
        // The call stays open past the idle age: give it a call timeout longer than that.
        await using var services = BuildServices(_time, _probe, o => o.CallTimeout = TimeSpan.FromDays(1));
        var runtime = services.GetRequiredService<GrainRuntime>();
        var grain = runtime.GetGrain<ITestGrain>("ns", "busy");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = grain.HoldAsync(gate);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, await runtime.CollectIdleActivationsAsync());

        gate.SetResult();
        await held;
        Assert.Equal(2, await grain.IncrementAsync());
    }

    [Fact]
    public async Task Collect_OverCapacity_DeactivatesLeastRecentlyUsed()
    {
        await using var services = BuildServices(_time, _probe, o => o.MaxActivations = 10);
        var runtime = services.GetRequiredService<GrainRuntime>();
        for (var i = 0; i < 20; i++)
        {
            await runtime.GetGrain<ITestGrain>("ns", $"g{i}").IncrementAsync();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await runtime.CollectIdleActivationsAsync();

        Assert.Equal(10, runtime.ActivationCount);
        // The ten most recently used survive with their state; the oldest start over.
        Assert.Equal(2, await runtime.GetGrain<ITestGrain>("ns", "g19").IncrementAsync());
        Assert.Equal(1, await runtime.GetGrain<ITestGrain>("ns", "g0").IncrementAsync());
    }

    [Fact]
    public async Task Invoke_WaitsLongerThanCallTimeout_ThrowsTimeout()
    {
        await using var services = BuildServices(_time, _probe, o => o.CallTimeout = TimeSpan.FromSeconds(5));
        var grain = services.GetRequiredService<GrainRuntime>().GetGrain<ITestGrain>("ns", "slow");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = grain.HoldAsync(gate);
        var queued = grain.IncrementAsync();

        _time.Advance(TimeSpan.FromSeconds(6));

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => held);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => queued);
        gate.SetResult();
        // The timed-out turn finished on its own (count 1) before the next call got its turn.
        Assert.Equal(2, await grain.IncrementAsync());
        Assert.Equal(1, _probe.MaxConcurrentTurns);
    }

    [Fact]
    public async Task Invoke_ManyGrainsManyCallers_NoActivationLeaks()
    {
        var calls = Enumerable.Range(0, 2000)
            .Select(i => Task.Run(() => _runtime.GetGrain<ITestGrain>("ns", $"g{i % 50}").IncrementAsync()));
        var results = await Task.WhenAll(calls);

        Assert.Equal(50, _runtime.ActivationCount);
        Assert.Equal(50, _probe.Activations);
        Assert.Equal(50, results.Count(r => r == 40));
        _time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(50, await _runtime.CollectIdleActivationsAsync());
        Assert.Equal(0, _runtime.ActivationCount);
        Assert.Equal(50, _probe.Deactivations);
    }

    [Fact]
    public async Task CollectionTimer_Fires_DeactivatesIdleActivations()
    {
        await using var services = BuildServices(_time, _probe, o => o.CollectionInterval = TimeSpan.FromMinutes(1));
        var runtime = services.GetRequiredService<GrainRuntime>();
        await runtime.GetGrain<ITestGrain>("ns", "timed").IncrementAsync();

        _time.Advance(TimeSpan.FromMinutes(16));

        // The timer hands collection to the thread pool: wait for it without blocking a pool thread.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (runtime.ActivationCount != 0)
        {
            await Task.Delay(5, deadline.Token);
        }
        Assert.Equal(1, _probe.Deactivations);
    }

    [Fact]
    public async Task Collect_WhileCallsRun_NoCallIsLostOrInterleaved()
    {
        await using var services = BuildServices(_time, _probe, o => o.CallTimeout = TimeSpan.FromDays(1));
        var runtime = services.GetRequiredService<GrainRuntime>();
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(async () =>
        {
            // At most 50 idle periods: the clock stays well inside the one-day call timeout.
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                if (i < 50)
                {
                    _time.Advance(TimeSpan.FromMinutes(16));
                }

                await runtime.CollectIdleActivationsAsync();
            }
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 1000)
            .Select(i => Task.Run(() => runtime.GetGrain<ITestGrain>("ns", $"c{i % 4}").IncrementAsync())));
        await stop.CancelAsync();
        await collector;

        Assert.Equal(1, _probe.MaxConcurrentTurns);
        Assert.Equal(_probe.Activations, _probe.Deactivations + runtime.ActivationCount);
        await runtime.DisposeAsync();
        // Every call counted in exactly one activation: none lost to a collection racing with it.
        Assert.Equal(1000, _probe.CountedAtDeactivation);
        Assert.Equal(1000, results.Length);
    }

    private static ServiceProvider BuildServices(TimeProvider time, TestGrainProbe probe, Action<GrainRuntimeOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddSingleton(probe);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddThreadsGrains(o =>
        {
            // Tests collect explicitly; the timer's own test shortens this again.
            o.CollectionInterval = TimeSpan.FromDays(365);
            configure(o);
        });
        services.AddSingleton(GrainTypeRegistration.Create<ITestGrain>(
            static sp => ActivatorUtilities.CreateInstance<TestGrain>(sp),
            static (runtime, id) => new TestGrainReference(runtime, id)));
        return services.BuildServiceProvider();
    }
}
