using Threads.TestingHost;

namespace Threads.Silo.Tests.Durability;

/// <summary>A silo process over one SQLite file.</summary>
internal static class SqliteSiloProcess
{
    public static Task<ThreadsSiloProcess> StartAsync(string databasePath, CancellationToken cancellationToken) =>
        ThreadsSiloProcess.StartAsync(new Dictionary<string, string?> { ["Threads:Storage:ConnectionString"] = $"Data Source={databasePath}" }, cancellationToken);
}
