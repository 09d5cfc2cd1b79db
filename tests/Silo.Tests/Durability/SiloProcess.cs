using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Threads.Client;

namespace Threads.Silo.Tests.Durability;

/// <summary>The silo as a real child process (<c>dotnet Threads.Silo.dll</c>), to kill -9 or SIGTERM it.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private SiloProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress };
        Client = new ThreadsClient(_http);
    }

    public Uri BaseAddress { get; }

    public ThreadsClient Client { get; }

    public HttpClient Http => _http;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the silo over the SQLite file <paramref name="databasePath"/> and waits until <c>/readyz</c> answers.</summary>
    public static async Task<SiloProcess> StartAsync(string databasePath, int? port = null, CancellationToken cancellationToken = default)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}/");
        var siloDll = Path.Combine(AppContext.BaseDirectory, "Threads.Silo.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[] { siloDll, "--urls", address.AbsoluteUri.TrimEnd('/'), $"--Threads:Storage:ConnectionString=Data Source={databasePath}", "--Logging:LogLevel:Default=Warning",
            $"--Threads:Cluster:SiloPort={FreePort()}", $"--Threads:Cluster:GatewayPort={FreePort()}" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the silo");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new SiloProcess(process, address);
        await silo.WaitUntilReadyAsync(cancellationToken);
        return silo;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the host's graceful shutdown.</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
            Assert.Equal(0, kill.ExitCode);
        }

        await _process.WaitForExitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _http.Dispose();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        // Polls for a process coming up, not for a feature's timing: the budget only bounds a broken start.
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with {_process.ExitCode} before it was ready");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("readyz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException("the silo was not ready within 30 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
