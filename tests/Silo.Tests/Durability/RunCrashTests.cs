using System.Diagnostics;
using Threads.Grains;

namespace Threads.Silo.Tests.Durability;

/// <summary>An agent's run survives the silo's kill -9: it reads interrupted once its lease lapses and resumes from its last checkpoint.</summary>
public sealed class RunCrashTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("threads-runcrash-").FullName;

    private string DatabasePath => Path.Combine(_directory, "threads.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Kill9BetweenCheckpoints_RestartedRunReadsInterruptedAndResumesFromTheLastCheckpoint()
    {
        const string Thread = "agent-thread";
        await using (var silo = await SqliteSiloProcess.StartAsync(DatabasePath, Ct))
        {
            var grain = silo.Client.GetThread("default", Thread);
            await grain.CreateAsync(new CreateThreadRequest { Messages = [NewMessage.FromText(MessageRole.User, "plan a trip")] }, Ct);
            await grain.StartRunAsync(new StartRunRequest { RunId = "run-1", TtlSeconds = 1 }, Ct);
            await grain.CheckpointAsync("run-1", new CheckpointRequest { Label = "searched", Messages = [NewMessage.FromText(MessageRole.Tool, "flights found")] }, Ct);
            await grain.CheckpointAsync("run-1", new CheckpointRequest { Label = "booked", Messages = [NewMessage.FromText(MessageRole.Assistant, "booked the 9:40")] }, Ct);

            await silo.KillAsync();
        }

        await using var restarted = await SqliteSiloProcess.StartAsync(DatabasePath, Ct);
        var thread = restarted.Client.GetThread("default", Thread);
        // The one-second lease lapses in real time: poll for it, bounded, rather than sleep a guess.
        var deadline = Stopwatch.GetTimestamp() + (20 * Stopwatch.Frequency);
        RunInfo run;
        while ((run = await thread.GetRunAsync("run-1", Ct)).Status != RunStatus.Interrupted && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(RunStatus.Interrupted, run.Status);
        Assert.Equal(["searched", "booked"], run.Checkpoints!.Select(c => c.Label));
        var resumed = await thread.ResumeRunAsync("run-1", Ct);
        Assert.Equal(RunStatus.Running, resumed.Status);
        Assert.Equal(("booked", 3L), (resumed.LastCheckpoint!.Label, resumed.LastCheckpoint.Seq));
        var log = (await thread.GetMessagesAsync(new MessageQuery { Limit = 50 }, Ct)).Messages;
        Assert.Equal(["plan a trip", "flights found", "booked the 9:40"], log.Select(m => ((TextPart)m.Content[0]).Text));
        Assert.Equal([null, "run-1", "run-1"], log.Select(m => m.RunId));
    }
}
