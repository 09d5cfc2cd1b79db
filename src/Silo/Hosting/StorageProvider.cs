namespace Threads.Silo.Hosting;

/// <summary>Where the silo keeps threads.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, shared by the silos of a cluster.</summary>
    Postgres,

    /// <summary>Process memory: for tests, nothing survives the process.</summary>
    Memory,
}
