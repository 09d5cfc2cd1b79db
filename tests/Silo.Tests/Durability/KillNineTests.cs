using System.Net;
using Threads.Grains;

namespace Threads.Silo.Tests.Durability;

/// <summary>The silo as a real process over a real SQLite file: what it acknowledged survives kill -9.</summary>
public sealed class KillNineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("threads-kill9-").FullName;

    private string DatabasePath => Path.Combine(_directory, "threads.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Append_AcknowledgedThenKill9_SurvivesRestart()
    {
        var thread = "survivor";
        await using (var silo = await SqliteSiloProcess.StartAsync(DatabasePath, Ct))
        {
            await silo.Client.GetThread("default", thread).CreateAsync(new CreateThreadRequest { Title = "before the crash" }, Ct);
            for (var i = 1; i <= 20; i++)
            {
                await silo.Client.GetThread("default", thread)
                    .AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, $"m{i}")] }, $"key-{i}", Ct);
            }

            await silo.KillAsync();
            Assert.NotEqual(0, silo.ExitCode);
        }

        await using var restarted = await SqliteSiloProcess.StartAsync(DatabasePath, Ct);
        var grain = restarted.Client.GetThread("default", thread);
        var info = await grain.GetAsync(20, Ct);
        Assert.Equal(20, info.LastSeq);
        Assert.Equal("before the crash", info.Title);
        Assert.Equal("m20", ((TextPart)info.Messages![^1].Content[0]).Text);

        // The idempotency keys were kept with the messages: a retry after the crash writes nothing.
        var retried = await grain.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "m20")] }, "key-20", Ct);
        Assert.Equal(20, retried.LastSeq);
        Assert.Equal(20, (await grain.GetAsync(0, Ct)).LastSeq);
    }

    [Fact]
    public async Task Sigterm_Running_ExitsCleanly()
    {
        await using var silo = await SqliteSiloProcess.StartAsync(DatabasePath, Ct);
        using (var health = await silo.Http.GetAsync(new Uri("healthz", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        await silo.TerminateAsync(Ct);

        Assert.Equal(0, silo.ExitCode);
    }

    [Fact]
    public async Task Start_FreshDirectory_CreatesTheDatabaseFolder()
    {
        var nested = Path.Combine(_directory, "data", "nested", "threads.db");

        await using var silo = await SqliteSiloProcess.StartAsync(nested, Ct);

        Assert.True(File.Exists(nested));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
