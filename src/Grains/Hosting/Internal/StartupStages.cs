namespace Threads.Grains.Hosting.Internal;

/// <summary>
/// Where in the silo's start the waits for databases run: before the runtime starts (Orleans' membership reads its
/// table at <see cref="ServiceLifecycleStage.RuntimeGrainServices"/> and fails the start if it cannot), so that a silo
/// whose database is not up yet waits instead of failing. The host's HTTP server runs meanwhile.
/// </summary>
internal static class StartupStages
{
    /// <summary>The storage answers and its schema is migrated.</summary>
    public const int Storage = ServiceLifecycleStage.RuntimeInitialize - 100;

    /// <summary>The membership tables exist (after the storage, which is usually the same database).</summary>
    public const int Clustering = Storage + 50;
}
