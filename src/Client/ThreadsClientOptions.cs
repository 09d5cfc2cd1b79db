namespace Threads.Client;

/// <summary>Where <see cref="ThreadsClient"/> finds the silo, and the key it calls with.</summary>
public sealed class ThreadsClientOptions
{
    /// <summary>The silo's base address; the API's routes (<c>v1/namespaces/…</c>) are resolved against it.</summary>
    /// <value>The default is <c>http://127.0.0.1:5170/</c>.</value>
    public Uri BaseAddress { get; set; } = new("http://127.0.0.1:5170/");

    /// <summary>The API key sent as <c>Authorization: Bearer &lt;key&gt;</c> with every request, when the silo has keys configured.</summary>
    /// <value>The default is null: no credentials.</value>
    public string? ApiKey { get; set; }
}
