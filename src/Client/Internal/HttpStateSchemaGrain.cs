using System.Text.Json;
using Threads.Grains;
using Threads.Grains.Serialization;

namespace Threads.Client.Internal;

/// <summary><see cref="IStateSchemaGrain"/> over HTTP: <c>v1/namespaces/{ns}/schemas/{id}</c>.</summary>
internal sealed class HttpStateSchemaGrain(ThreadsHttp http, string ns, string schemaId) : IStateSchemaGrain
{
    private readonly string _schema = $"v1/namespaces/{ns}/schemas/{Uri.EscapeDataString(schemaId)}";

    public async Task<StateSchemaInfo> PutAsync(JsonElement schema, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Put, _schema)
        {
            Content = ThreadsHttp.Body(JsonSerializer.SerializeToUtf8Bytes(schema, ThreadsJsonContext.Default.JsonElement)),
        };
        return (await http.SendAsync(message, ThreadsHttp.Response<StateSchemaInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<StateSchemaInfo> GetAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, _schema);
        return (await http.SendAsync(message, ThreadsHttp.Response<StateSchemaInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, _schema);
        await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
