namespace Threads.Silo.Auth;

/// <summary>The <c>Threads:Auth</c> section: the API keys, and whether a silo without keys may listen beyond loopback.</summary>
public sealed class ThreadsAuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Threads:Auth";

    /// <summary>The keys; with none, the silo needs no credentials and listens on loopback only.</summary>
    /// <value>The default is empty.</value>
    public IList<ApiKeyOptions> Keys { get; } = [];

    /// <summary>Lets a silo without keys listen on a non-loopback address (behind a gateway that authenticates, say).</summary>
    /// <value>The default is false: such a silo refuses to start.</value>
    public bool AllowAnonymousRemote { get; set; }
}
