namespace Threads.Silo.Auth;

/// <summary>One API key of <c>Threads:Auth:Keys</c>: the secret, where it may act, and as whom.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret a caller sends as <c>Authorization: Bearer &lt;key&gt;</c>; at least 16 characters. Never logged.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The namespaces the key may use, or <c>*</c> for all of them.</summary>
    /// <value>The default is empty: a key must name its namespaces.</value>
    public IList<string> Namespaces { get; } = [];

    /// <summary>What the key may do.</summary>
    /// <value>The default is <see cref="ApiKeyRole.Read"/>.</value>
    public ApiKeyRole Role { get; set; } = ApiKeyRole.Read;

    /// <summary>When set, the key sees and touches only this user's threads, and the threads it creates belong to this user.</summary>
    /// <value>The default is null: every thread of its namespaces.</value>
    public string? UserId { get; set; }
}
