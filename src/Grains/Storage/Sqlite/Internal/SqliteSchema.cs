using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>
/// Creates and migrates the schema. Each embedded <c>Schema/NNN_name.sql</c> script brings the database to version NNN;
/// <c>schema_version</c> holds the version reached. Migrating runs in one write transaction, so two stores opening
/// one database at once migrate it once.
/// </summary>
internal static class SqliteSchema
{
    private const string ResourcePrefix = "Threads.Grains.Storage.Sqlite.Schema.";

    private static readonly Lazy<IReadOnlyList<(int Version, string Sql)>> Scripts = new(LoadScripts);

    /// <summary>The version this build creates and understands.</summary>
    public static int CurrentVersion => Scripts.Value[^1].Version;

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; returns the version it was at.</summary>
    public static int Migrate(SqliteConnection connection)
    {
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            var found = ReadVersion(connection);
            if (found > CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"The SQLite database is at schema version {found}, newer than this build's {CurrentVersion}; upgrade the service.");
            }

            foreach (var (version, sql) in Scripts.Value)
            {
                if (version > found)
                {
                    Execute(connection, sql);
                }
            }

            if (found < CurrentVersion)
            {
                Execute(connection, "DELETE FROM schema_version");
                Execute(connection, $"INSERT INTO schema_version (version) VALUES ({CurrentVersion.ToString(CultureInfo.InvariantCulture)})");
            }

            Execute(connection, "COMMIT");
            return found;
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    /// <summary>The version recorded in the database, 0 for none.</summary>
    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(version) FROM schema_version";
        return command.ExecuteScalar() is long version ? (int)version : 0;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<(int Version, string Sql)> LoadScripts()
    {
        var assembly = typeof(SqliteSchema).Assembly;
        var scripts = new List<(int Version, string Sql)>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var version = int.Parse(name.AsSpan(ResourcePrefix.Length, 3), CultureInfo.InvariantCulture);
            scripts.Add((version, Read(assembly, name)));
        }

        scripts.Sort(static (a, b) => a.Version.CompareTo(b.Version));
        if (scripts.Count == 0 || scripts.Select((s, i) => s.Version != i + 1).Any(static gap => gap))
        {
            throw new InvalidOperationException("The SQLite schema scripts must be numbered 001, 002… without gaps.");
        }

        return scripts;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
