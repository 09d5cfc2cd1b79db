namespace Threads.Silo.Hosting;

/// <summary>
/// Whether this silo has finished starting (its storage answered, it joined its cluster) and has not begun to stop:
/// until then the HTTP server answers <c>/healthz</c> and <c>/readyz</c> but the API answers 503 <c>unavailable</c>.
/// </summary>
internal sealed class SiloActivity : ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _active;

    /// <summary>True from the end of the silo's start to the beginning of its stop.</summary>
    public bool IsActive => _active;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            nameof(SiloActivity),
            ServiceLifecycleStage.Active,
            _ =>
            {
                _active = true;
                return Task.CompletedTask;
            },
            _ =>
            {
                _active = false;
                return Task.CompletedTask;
            });
}
