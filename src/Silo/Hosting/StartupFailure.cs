using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;
using Threads.Grains.Hosting;

namespace Threads.Silo.Hosting;

/// <summary>Turns the usual reasons a silo cannot start (a bad setting, a port in use, a database that refuses or never answers) into one line naming what to fix.</summary>
internal static class StartupFailure
{
    /// <summary>The line for <paramref name="exception"/>, or null for a failure that deserves its stack trace.</summary>
    public static string? Describe(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case OptionsValidationException invalid:
                    return string.Join(" ", invalid.Failures);
                case StorageStartupTimeoutException timeout:
                    return timeout.Message;
                case PostgresException refused:
                    return $"PostgreSQL refused: {refused.MessageText} ({refused.SqlState}); check Threads:Storage:ConnectionString or Threads:Cluster:ConnectionString.";
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } inUse:
                    return $"an address is in use ({inUse.Message}): free it, or change --urls, Threads:Cluster:SiloPort or Threads:Cluster:GatewayPort.";
                case InvalidOperationException bind when bind.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                    return bind.Message;
                case IOException io when io.InnerException is null && io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase):
                    return $"{io.Message}: free it, or change --urls.";
            }
        }

        return exception is AggregateException { InnerExceptions: [var only] } ? Describe(only) : null;
    }
}
