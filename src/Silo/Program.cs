using Threads.Silo.Hosting;

try
{
    // Settings are read from the appsettings.json beside the silo's binaries, wherever it is started from.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddThreadsSilo();

    var app = builder.Build();
    app.MapThreadsApi();
    app.Run();
    return 0;
}
catch (OperationCanceledException)
{
    // Stopped (SIGTERM, Ctrl+C) while it was still starting, waiting for its database say: nothing to report.
    return 0;
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } reason)
{
    Console.Error.WriteLine($"threads: cannot start: {reason}");
    return 1;
}

/// <summary>The silo's entry point; public so tests can host it.</summary>
public partial class Program;
