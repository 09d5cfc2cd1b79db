using Threads.Grains;
using Threads.Grains.Threads;

namespace Orleans;

/// <summary>Reaches a thread's <see cref="IThreadLockGrain"/> by namespace and id, as <c>GetThread</c> reaches its <see cref="IThreadGrain"/>.</summary>
public static class ThreadLockGrainFactoryExtensions
{
    /// <summary>The lock view of thread <paramref name="threadId"/> in namespace <paramref name="ns"/>: the same activation as its thread grain.</summary>
    public static IThreadLockGrain GetThreadLock(this IGrainFactory grains, string ns, string threadId) =>
        grains.GetGrain<IThreadLockGrain>(GrainKeys.Of(ns, threadId));
}
