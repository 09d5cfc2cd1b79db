using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;
using Threads.Grains.Hosting;

namespace Threads.Silo.Hosting;

/// <summary>Turns the usual reasons a silo cannot start (a bad setting, a port in use, a database that refuses or never answers) into one line naming what to fix.</summary>
internal static partial class StartupFailure
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
                case InvalidOperationException bind when ConversionFailure().Match(bind.Message) is { Success: true } failed:
                    return Unconvertible(failed.Groups["value"].Value, failed.Groups["key"].Value, failed.Groups["type"].Value);
                case IOException io when io.InnerException is null && io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase):
                    return $"{io.Message}: free it, or change --urls.";
            }
        }

        return exception is AggregateException { InnerExceptions: [var only] } ? Describe(only) : null;
    }

    /// <summary>A setting the binder could not convert, in the setting's terms: the choices of an enum, else the kind of value wanted (never the .NET type's name).</summary>
    private static string Unconvertible(string value, string key, string typeName)
    {
        var type = Type.GetType(typeName) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(static t => t is not null);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        var wanted = type switch
        {
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ when type == typeof(TimeSpan) => "a duration such as 00:00:30",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) => "a number",
            _ => "a value of another form",
        };
        return $"{key} is '{value}', which is not {wanted}.";
    }

    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'")]
    private static partial Regex ConversionFailure();
}
