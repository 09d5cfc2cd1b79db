using System.Text.Json;
using System.Text.RegularExpressions;
using Threads.Grains;

namespace Threads.Cli.Tests;

/// <summary>The tool as a user runs it: separate processes against a real silo over HTTP.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ThreadsToolTests(ClusterFixture fixture)
{
    private readonly string _ns = "c" + Guid.NewGuid().ToString("N")[..16];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<ThreadsTool.Result> RunAsync(string input, params string[] args) =>
        ThreadsTool.RunAsync(input, Ct, [.. args, "--url", fixture.Url.ToString(), "--namespace", _ns]);

    private async Task<string> NewChatAsync(string firstLine)
    {
        var chat = await RunAsync(firstLine + "\n/exit\n", "chat");
        Assert.Equal(0, chat.ExitCode);
        return ThreadIdRegex().Match(chat.Output).Groups[1].Value;
    }

    [Fact]
    public async Task Chat_NewThenResumedInAnotherProcess_AnswersFromHistory()
    {
        var first = await RunAsync("Hello, my name is Guille\n", "chat");

        var lines = first.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(ThreadIdRegex(), lines[0]);
        Assert.Equal("You said: Hello, my name is Guille", lines[1]);
        var threadId = ThreadIdRegex().Match(lines[0]).Groups[1].Value;

        var second = await RunAsync("What is my name?\n/exit\n", "chat", "--thread-id", threadId);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains($"thread_id: {threadId} (2 messages)", second.Output);
        Assert.Contains("1 user: Hello, my name is Guille", second.Output);
        Assert.EndsWith("Your name is Guille.", second.Output.TrimEnd());
        var stored = await fixture.Cluster.Client.GetThread(_ns, threadId).GetMessagesAsync(new MessageQuery(), Ct);
        Assert.Equal(4, stored.Messages.Count);
    }

    [Fact]
    public async Task FilesPut_ThenChatFiles_ListsTheFile()
    {
        var threadId = await NewChatAsync("hi");
        var path = Path.Combine(Path.GetTempPath(), $"notes-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "invoice 42\n", Ct);

        var put = await RunAsync(string.Empty, "files", "put", threadId, path, "--name", "notes.txt");
        var chat = await RunAsync("/files\n/exit\n", "chat", "--thread-id", threadId);
        var get = await RunAsync(string.Empty, "files", "get", threadId, "notes.txt");

        Assert.Equal(0, put.ExitCode);
        Assert.Contains("notes.txt (11 bytes, text/plain)", chat.Output);
        Assert.Equal("invoice 42\n", get.Output);
    }

    [Fact]
    public async Task Search_AfterChats_FindsTheMessageInItsThread()
    {
        var invoice = await NewChatAsync("Where is the invoice for Contoso?");
        await NewChatAsync("Something else entirely");

        var table = await RunAsync(string.Empty, "search", "invoice contoso");
        var json = await RunAsync(string.Empty, "search", "\"invoice for\"", "--role", "user", "--json");
        var bad = await RunAsync(string.Empty, "search", "\"unclosed");

        Assert.Equal(0, table.ExitCode);
        Assert.Equal(
            [$"{invoice} #1 user: Where is the **invoice** for **Contoso**?", $"{invoice} #2 assistant: You said: Where is the **invoice** for **Contoso**?"],
            table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        using var document = JsonDocument.Parse(json.Output);
        var hit = Assert.Single(document.RootElement.GetProperty("hits").EnumerateArray());
        Assert.Equal((invoice, 1L), (hit.GetProperty("threadId").GetString(), hit.GetProperty("seq").GetInt64()));
        Assert.Equal("Where is the **invoice** **for** Contoso?", hit.GetProperty("snippet").GetString());
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("threads: invalid_argument: q: has a quote that is not closed", bad.Error.Trim());
    }

    [Fact]
    public async Task ListJson_AfterChats_ListsThemNewestFirst()
    {
        var older = await NewChatAsync("one");
        var newer = await NewChatAsync("two");

        var list = await RunAsync(string.Empty, "list", "--json");

        using var document = JsonDocument.Parse(list.Output);
        Assert.Equal([newer, older], document.RootElement.GetProperty("threads").EnumerateArray().Select(static t => t.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task ExportDeleteImport_SameHistory()
    {
        var threadId = await NewChatAsync("Hello, my name is Guille");
        var file = Path.Combine(Path.GetTempPath(), $"{threadId}.ndjson");

        var export = await RunAsync(string.Empty, "export", threadId, "--output", file);
        var delete = await RunAsync(string.Empty, "delete", threadId);
        var import = await RunAsync(string.Empty, "import", file);
        var history = await RunAsync(string.Empty, "history", threadId, "--json");

        Assert.Equal((0, 0, 0), (export.ExitCode, delete.ExitCode, import.ExitCode));
        Assert.Contains($"thread_id: {threadId}", import.Output);
        using var document = JsonDocument.Parse(history.Output);
        Assert.Equal(["user", "assistant"], document.RootElement.EnumerateArray().Select(static m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Clone_ThenHistory_HasTheSourceMessages()
    {
        var threadId = await NewChatAsync("Hello, my name is Guille");

        var clone = await RunAsync(string.Empty, "clone", threadId);
        var cloneId = ThreadIdRegex().Match(clone.Output).Groups[1].Value;
        var resumed = await RunAsync("What is my name?\n", "chat", "--thread-id", cloneId);

        Assert.NotEqual(threadId, cloneId);
        Assert.EndsWith("Your name is Guille.", resumed.Output.TrimEnd());
    }

    [Fact]
    public async Task StateSetGet_RoundTrips()
    {
        var threadId = await NewChatAsync("hi");

        var set = await RunAsync("""{"step":2,"plan":["a","b"]}""", "state", "set", threadId, "-");
        var get = await RunAsync(string.Empty, "state", "get", threadId);

        Assert.Equal(0, set.ExitCode);
        using var document = JsonDocument.Parse(get.Output);
        Assert.Equal(2, document.RootElement.GetProperty("step").GetInt32());
    }

    [Fact]
    public async Task Show_UnknownThread_OneLineAndExitCode1()
    {
        var show = await RunAsync(string.Empty, "show", Identifiers.NewThreadId());

        Assert.Equal(1, show.ExitCode);
        Assert.StartsWith("threads: not_found:", show.Error);
        Assert.Single(show.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Chat_UnreachableSilo_OneLineNoStackTrace()
    {
        var chat = await ThreadsTool.RunAsync("hi\n", Ct, "chat", "--url", "http://127.0.0.1:9/");

        Assert.NotEqual(0, chat.ExitCode);
        Assert.StartsWith("threads: ", chat.Error);
        Assert.Contains("127.0.0.1:9", chat.Error);
        Assert.DoesNotContain("   at ", chat.Error);
    }

    [Fact]
    public async Task Chat_CtrlC_LeavesWithTheThreadIdAndExitCode130()
    {
        Assert.False(ThreadsTool.InterruptIgnored(), "SIGINT is ignored in this test process (a shell without job control started it in the background), so the tool inherits that and Ctrl+C cannot reach it: run the tests in the foreground.");
        using var process = ThreadsTool.Start("chat", "--url", fixture.Url.ToString(), "--namespace", _ns);
        await process.StandardInput.WriteLineAsync("hello");
        await process.StandardInput.FlushAsync(Ct);
        var first = await process.StandardOutput.ReadLineAsync(Ct);
        var answer = await process.StandardOutput.ReadLineAsync(Ct);

        using (var interrupt = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync(Ct);
        }

        // Bounded: a tool that does not leave is killed after a minute, which also ends its output.
        var exited = ThreadsTool.WaitAsync(process, Ct);
        var rest = await process.StandardOutput.ReadToEndAsync(Ct);
        await exited;

        var threadId = ThreadIdRegex().Match(first!).Groups[1].Value;
        Assert.Equal("You said: hello", answer);
        Assert.Equal(130, process.ExitCode);
        Assert.Contains($"(resume with --thread-id {threadId})", rest);
        Assert.Empty(await process.StandardError.ReadToEndAsync(Ct));
    }

    [GeneratedRegex(@"thread_id: (thread_[0-9a-f]{24})")]
    private static partial Regex ThreadIdRegex();
}
