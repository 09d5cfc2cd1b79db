namespace Threads.Silo.Hosting;

/// <summary>The retention policy of one namespace (<c>Threads:Retention:Namespaces:{ns}</c>).</summary>
public sealed class NamespaceRetentionOptions
{
    /// <summary>Threads not updated for this long are deleted (locked ones are left for the next pass).</summary>
    /// <value>The default is null: threads are kept whatever their age.</value>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>Each thread is trimmed to its last this many messages (system messages are kept).</summary>
    /// <value>The default is null: messages are kept.</value>
    public int? KeepLast { get; set; }
}
