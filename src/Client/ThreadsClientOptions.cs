namespace Threads.Client;

/// <summary>Where <see cref="ThreadsClient"/> finds the silo.</summary>
public sealed class ThreadsClientOptions
{
    /// <summary>The silo's base address; the API's routes (<c>v1/namespaces/…</c>) are resolved against it.</summary>
    /// <value>The default is <c>http://127.0.0.1:5170/</c>.</value>
    public Uri BaseAddress { get; set; } = new("http://127.0.0.1:5170/");
}
