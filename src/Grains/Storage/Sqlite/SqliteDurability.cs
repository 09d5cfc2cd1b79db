namespace Threads.Grains.Storage.Sqlite;

/// <summary>When a write acknowledged by the SQLite store is on disk.</summary>
public enum SqliteDurability
{
    /// <summary>
    /// Every commit is synced to disk before it is acknowledged, as with <c>PRAGMA synchronous=FULL</c>; the store
    /// syncs the WAL file itself, beside the writer, so that the next batch runs during the sync.
    /// </summary>
    Full,

    /// <summary>Commits are synced at checkpoints only (<c>PRAGMA synchronous=NORMAL</c>): the database stays consistent, but the last commits can be lost on a power failure.</summary>
    Normal,
}
