using System.Text.RegularExpressions;

namespace Threads.Cli.Tests;

/// <summary>The README's <c>threads</c> session, run line by line against a real silo, answers as shown.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ReadmeCliTests(ClusterFixture fixture)
{
    private const string ReadmeThreadId = "thread_093da1329d9de1913400fd71";

    [Fact]
    public async Task Readme_ThreadsSession_RunsAsShown()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = "r" + Guid.NewGuid().ToString("N")[..16];
        var workDir = Directory.CreateTempSubdirectory("threads-readme-").FullName;
        await File.WriteAllTextAsync(Path.Combine(workDir, "notes.txt"), "notes\n", ct);
        string? threadId = null;

        foreach (var (command, input, expected) in Steps())
        {
            var args = Regex.Split(command.Replace(ReadmeThreadId, threadId ?? ReadmeThreadId), @"\s+")
                .Select(a => a == "conversation.ndjson" ? Path.Combine(workDir, a) : a == "notes.txt" ? Path.Combine(workDir, a) : a)
                .Concat(["--url", fixture.Url.ToString(), "--namespace", ns])
                .ToArray();

            var result = await ThreadsTool.RunAsync(string.Join('\n', input) + "\n", ct, args);

            Assert.True(result.ExitCode == 0, $"threads {command}: {result.Error}");
            threadId ??= ThreadIdRegex().Match(result.Output) is { Success: true } match ? match.Groups[1].Value : null;
            foreach (var line in expected)
            {
                Assert.Contains(line.Replace(ReadmeThreadId, threadId), result.Output, StringComparison.Ordinal);
            }
        }

        Assert.True(File.Exists(Path.Combine(workDir, "conversation.ndjson")));
    }

    /// <summary>Each <c>$ threads …</c> line of the README's console block, the lines typed into it, and what it prints.</summary>
    private static IEnumerable<(string Command, List<string> Input, List<string> Expected)> Steps()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var block = ConsoleBlock().Match(readme).Groups["code"].Value;
        (string Command, List<string> Input, List<string> Expected)? step = null;
        foreach (var line in block.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("$ threads ", StringComparison.Ordinal))
            {
                if (step is { } done)
                {
                    yield return done;
                }

                step = (line["$ threads ".Length..], [], []);
            }
            else if (line.StartsWith("> ", StringComparison.Ordinal))
            {
                step!.Value.Input.Add(line[2..]);
            }
            else
            {
                step!.Value.Expected.Add(line.Trim());
            }
        }

        if (step is { } last)
        {
            yield return last;
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Threads.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Threads.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"thread_id: (thread_[0-9a-f]{24})")]
    private static partial Regex ThreadIdRegex();

    [GeneratedRegex(@"```console\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ConsoleBlock();
}
