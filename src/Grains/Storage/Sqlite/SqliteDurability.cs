namespace Threads.Grains.Storage.Sqlite;

/// <summary>When a write acknowledged by the SQLite store is on disk.</summary>
public enum SqliteDurability
{
    /// <summary>Every commit is synced to disk before it is acknowledged (<c>PRAGMA synchronous=FULL</c>).</summary>
    Full,

    /// <summary>Commits are synced at checkpoints only (<c>PRAGMA synchronous=NORMAL</c>): the database stays consistent, but the last commits can be lost on a power failure.</summary>
    Normal,
}
