using Npgsql;

namespace Threads.Grains.Storage.Postgres.Internal;

/// <summary>Settings that a data source's sessions start with: the connection string's <c>Options</c>, sent when each connection opens.</summary>
internal static class SessionSettings
{
    /// <summary>Adds <paramref name="settings"/> (<c>-c name=value</c>, …) after the options <paramref name="builder"/> already has.</summary>
    public static void Add(NpgsqlConnectionStringBuilder builder, string settings) =>
        builder.Options = $"{builder.Options} {settings}".Trim();
}
