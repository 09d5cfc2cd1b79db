using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Threads.Client;

namespace Threads.TestingHost;

/// <summary>
/// The silo as a real child process (<c>dotnet Threads.Silo.dll</c>), to kill -9 or SIGTERM it: for what an in-process
/// silo cannot show (a crash where no shutdown code runs, several silo processes over one database).
/// <code>
/// await using var silo = await ThreadsSiloProcess.StartAsync(new Dictionary&lt;string, string?&gt; { ["Threads:Storage:ConnectionString"] = "Data Source=/tmp/t.db" });
/// await silo.KillAsync();
/// </code>
/// </summary>
public sealed class ThreadsSiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyBudget = TimeSpan.FromSeconds(60);

    private const int KeptErrorLines = 50;

    private const int KeptOutputLines = 500;

    private readonly IReadOnlyList<string> _arguments;
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _output = new();
    private Process _process;

    private ThreadsSiloProcess(IReadOnlyList<string> arguments, Uri baseAddress, int siloPort, int gatewayPort)
    {
        _arguments = arguments;
        _process = Launch();
        BaseAddress = baseAddress;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _http = new HttpClient { BaseAddress = baseAddress };
        Client = new ThreadsClient(_http);
    }

    /// <summary>Where it serves HTTP, <c>http://127.0.0.1:PORT/</c>; a restart keeps it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Orleans' silo-to-silo port (<c>Threads:Cluster:SiloPort</c>); a restart keeps it.</summary>
    public int SiloPort { get; }

    /// <summary>Orleans' gateway port (<c>Threads:Cluster:GatewayPort</c>); a restart keeps it.</summary>
    public int GatewayPort { get; }

    /// <summary>A client that talks to this silo only.</summary>
    public ThreadsClient Client { get; }

    /// <summary>An <see cref="HttpClient"/> with this silo as its base address, for raw HTTP.</summary>
    public HttpClient Http => _http;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the silo wrote to its standard error (a failed start's reason among them).</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>The last lines the silo wrote to its standard output (its log).</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>
    /// Starts a silo as <see cref="StartAsync"/> does but returns at once, before it is ready: for a silo whose start
    /// waits (for its database, say); <see cref="WaitUntilReadyAsync"/> waits for it.
    /// </summary>
    public static ThreadsSiloProcess Start(IReadOnlyDictionary<string, string?> configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Launch(configuration);
    }

    /// <summary>
    /// Starts a silo with <paramref name="configuration"/> (keys as in appsettings, <c>Threads:Storage:ConnectionString</c>…)
    /// on free loopback ports and waits until <c>/readyz</c> answers 200: the silo is active in its cluster.
    /// </summary>
    public static async Task<ThreadsSiloProcess> StartAsync(IReadOnlyDictionary<string, string?> configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        for (var attempt = 1; ; attempt++)
        {
            var silo = Launch(configuration);
            try
            {
                await silo.WaitUntilReadyAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return silo;
            }
            catch (InvalidOperationException) when (attempt < 3 && silo.HasExited && silo.Errors.Any(static e => e.Contains("address is in use", StringComparison.Ordinal)))
            {
                // Another process took a port between its choice and the silo's bind: choose again.
                await silo.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await silo.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Starts a silo process on free loopback ports; the configuration's own port settings win.</summary>
    private static ThreadsSiloProcess Launch(IReadOnlyDictionary<string, string?> configuration)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        var siloPort = LoopbackPort.Free();
        var gatewayPort = LoopbackPort.Free();
        List<string> arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "Threads.Silo.dll"),
            "--urls", baseAddress.AbsoluteUri.TrimEnd('/'),
            "--Logging:LogLevel:Default=Warning",
            FormattableString.Invariant($"--Threads:Cluster:SiloPort={siloPort}"),
            FormattableString.Invariant($"--Threads:Cluster:GatewayPort={gatewayPort}"),
        ];
        arguments.AddRange(configuration.Select(static setting => $"--{setting.Key}={setting.Value}"));
        return new ThreadsSiloProcess(arguments, baseAddress, siloPort, gatewayPort);
    }

    /// <summary>SIGKILL: no shutdown code runs; the process is gone when this returns.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>SIGTERM: the host's graceful shutdown (HTTP drains, activations deactivate, the silo leaves its cluster).</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken = default)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}.");
            }
        }

        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the silo again, with the same configuration and ports, once the previous process has exited.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException("Stop the silo (KillAsync or TerminateAsync) before restarting it.");
        }

        _process.Dispose();
        _process = Launch();
        await WaitUntilReadyAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kills the process if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync().ConfigureAwait(false);
        }

        _http.Dispose();
        _process.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => BaseAddress.ToString();

    private Process Launch()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet Threads.Silo.dll.");
        process.OutputDataReceived += (_, line) => Keep(_output, line.Data, KeptOutputLines);
        process.ErrorDataReceived += (_, line) => Keep(_errors, line.Data, KeptErrorLines);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line, int kept)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
            while (lines.Count > kept && lines.TryDequeue(out string? _))
            {
            }
        }
    }

    /// <summary>Waits until <c>/readyz</c> answers 200, for at most <paramref name="budget"/> (60 s by default); throws if the process exits first.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan? budget = null, CancellationToken cancellationToken = default)
    {
        // Polls for a process coming up: the budget only bounds a broken start.
        var started = Stopwatch.GetTimestamp();
        var limit = budget ?? ReadyBudget;
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            if (_process.HasExited)
            {
                // Its last words arrive asynchronously: wait for the streams to close before reading them.
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException($"The silo exited with {_process.ExitCode} before it was ready; its standard error:{Environment.NewLine}{string.Join(Environment.NewLine, _errors)}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("readyz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"The silo was not ready within {limit.TotalSeconds} s.");
    }
}
