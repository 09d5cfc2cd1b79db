using System.Diagnostics;

namespace Threads.Cli.Tests;

/// <summary>Runs the real <c>threads</c> executable in a process of its own, with input piped in.</summary>
public static class ThreadsTool
{
    private static readonly string s_dll = Path.Combine(AppContext.BaseDirectory, "Threads.Cli.dll");

    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string input, CancellationToken cancellationToken, params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await WaitAsync(process, cancellationToken);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Starts the tool with its standard streams redirected; the caller owns the process.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(s_dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("THREADS_URL");
        start.Environment.Remove("THREADS_API_KEY");
        return Process.Start(start)!;
    }

    /// <summary>
    /// True when this process ignores SIGINT, as a shell without job control makes a command it starts in the
    /// background do: the tool inherits that, and no Ctrl+C reaches it (Linux; false elsewhere).
    /// </summary>
    public static bool InterruptIgnored()
    {
        const string status = "/proc/self/status";
        const int sigint = 2;
        var ignored = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(static l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) : null;
        return ignored is not null && (Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & (1UL << (sigint - 1))) != 0;
    }

    /// <summary>Waits for the tool to end, killing it after a minute.</summary>
    public static async Task WaitAsync(Process process, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
