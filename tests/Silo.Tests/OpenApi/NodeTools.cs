using System.Diagnostics;

namespace Threads.Silo.Tests.OpenApi;

/// <summary>
/// The npm tools of tests/OpenApi.Client (installed there by <c>npm ci</c>, as .ci/run does): the lint and the client
/// generator that check the OpenAPI document. Without them, or without node, the tests that need them are skipped.
/// </summary>
internal static class NodeTools
{
    public static string Directory { get; } = RepositoryFiles.PathOf("tests/OpenApi.Client");

    /// <summary>Why the tools cannot run here, or null when they can.</summary>
    public static string? Missing { get; } = FindMissing();

    /// <summary>Runs a tool of node_modules/.bin in <see cref="Directory"/>; its exit code and what it wrote.</summary>
    public static Task<(int ExitCode, string Output)> RunBinAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(Directory, "node_modules", ".bin", tool), arguments, cancellationToken);

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Offline: no usage reports, no look-up of a newer version.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }

    private static string? FindMissing()
    {
        if (!File.Exists(Path.Combine(Directory, "node_modules", ".bin", "redocly")))
        {
            return "the npm packages of tests/OpenApi.Client are not installed (run npm ci there, as .ci/run does)";
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator).Any(static folder => File.Exists(Path.Combine(folder, "node")))
            ? null
            : "node is not on the PATH";
    }
}
