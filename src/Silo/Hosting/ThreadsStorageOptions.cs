using System.ComponentModel.DataAnnotations;

namespace Threads.Silo.Hosting;

/// <summary>The <c>Threads:Storage</c> section: which provider keeps the threads, and where.</summary>
public sealed class ThreadsStorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Threads:Storage";

    /// <summary>The storage provider.</summary>
    /// <value>The default is <see cref="StorageProvider.Sqlite"/>.</value>
    [EnumDataType(typeof(StorageProvider))]
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The provider's connection string; relative SQLite paths are from the working directory, folders created.</summary>
    /// <value>The default is null: for SQLite, <see cref="DefaultSqliteConnectionString"/>; PostgreSQL needs one.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite provider keeps its file when no connection string is given.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/threads.db";
}
