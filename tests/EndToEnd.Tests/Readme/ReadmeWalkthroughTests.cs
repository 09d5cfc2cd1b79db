using System.Diagnostics;

namespace Threads.EndToEnd.Tests.Readme;

/// <summary>The README's curl walk-through runs as written against a silo (<c>.ci/readme-walkthrough</c>), and answers what the README says.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReadmeWalkthroughTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Walkthrough_AsWritten_EveryBlockRunsAndAnswersAsTheReadmeSays()
    {
        var missing = ((string[])["bash", "curl", "jq", "python3"]).Where(static tool => !OnPath(tool)).ToList();
        Assert.SkipWhen(missing.Count > 0, $"the walk-through needs {string.Join(" and ", missing)} on PATH (.ci/run installs them)");
        var script = Path.Combine(RepositoryRoot(), ".ci", "readme-walkthrough");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(fixture.Cluster.Silos[0].BaseAddress.AbsoluteUri);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        using (var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            // A call that never answers would otherwise hold the test until the run's hang detector.
            bound.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await output}\n{await errors}");
        Assert.Contains("blocks ran as written", await output, StringComparison.Ordinal);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, tool)));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Threads.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Threads.sln not found above " + AppContext.BaseDirectory);
    }
}
