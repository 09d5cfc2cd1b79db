using Microsoft.AspNetCore.Http.Metadata;

namespace Threads.Silo.Apis.Bodies;

/// <summary>
/// An endpoint's own request body limit in place of the server's: routing hands it to the server for the request, which
/// answers a longer body with 413, and the exception handler names the setting in <see cref="Detail"/>.
/// </summary>
/// <param name="bytes">The limit, read when first asked: after start-up has validated the options it comes from.</param>
/// <param name="subject">What the body is, as the 413's detail names it.</param>
/// <param name="setting">The configuration key of the limit.</param>
internal sealed class RequestBodyLimit(Lazy<long> bytes, string subject, string setting) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => bytes.Value;

    /// <summary>The 413's detail: what was too large, the limit and the setting that raises it.</summary>
    public string Detail => $"{subject}: at most {bytes.Value} bytes ({setting})";
}
