using Threads.Grains;

namespace Threads.Silo.Ui.Internal;

/// <summary>What a thread's page shows beside its messages: the header, the lock, the state, the files and the newest runs with their checkpoints.</summary>
public sealed record ThreadPanelsView(
    ThreadInfo Thread,
    LockStatus? Lock,
    ThreadStateSnapshot State,
    IReadOnlyList<ThreadFileInfo> Files,
    IReadOnlyList<RunInfo> Runs,
    bool MoreRuns)
{
    /// <summary>The newest runs shown, each read with its checkpoints.</summary>
    public const int RunsShown = 10;

    public static async Task<ThreadPanelsView> LoadAsync(IGrainFactory grains, string ns, string id, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        var header = await thread.GetAsync(cancellationToken: cancellationToken);
        var holder = await LockAsync(thread, cancellationToken);
        var state = await thread.GetStateAsync(cancellationToken);
        var files = await thread.ListFilesAsync(cancellationToken);
        var page = await thread.ListRunsAsync(new RunListQuery { Limit = RunsShown }, cancellationToken);
        var runs = new List<RunInfo>(page.Runs.Count);
        foreach (var run in page.Runs)
        {
            runs.Add(await thread.GetRunAsync(run.RunId, cancellationToken));
        }

        return new ThreadPanelsView(header, holder, state, files.Files, runs, page.NextCursor is not null);
    }

    /// <summary>The lock's holder and expiry, or null while it is free (the thread's own absence was found before).</summary>
    private static async Task<LockStatus?> LockAsync(IThreadGrain thread, CancellationToken cancellationToken)
    {
        try
        {
            return await thread.GetLockAsync(cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
