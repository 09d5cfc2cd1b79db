using System.Net;

namespace Threads.Silo.Auth.Internal;

/// <summary>Which of the addresses a server is told to listen on reach beyond this machine.</summary>
internal static class ListenAddresses
{
    /// <summary>
    /// The configured addresses that are not loopback: <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>UseUrls</c>),
    /// <c>Kestrel:Endpoints:*:Url</c>, and <c>http_ports</c>/<c>https_ports</c>, which bind every interface.
    /// </summary>
    public static IEnumerable<string> NonLoopback(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(static e => e["Url"]).OfType<string>());
        foreach (var url in urls.Where(static u => !IsLoopback(u)))
        {
            yield return url;
        }

        foreach (var ports in new[] { "http_ports", "https_ports" })
        {
            if (!string.IsNullOrWhiteSpace(configuration[ports]))
            {
                yield return $"{ports}={configuration[ports]}";
            }
        }
    }

    /// <summary>
    /// True for <c>localhost</c> and loopback IPs. Kestrel binds any other host name, <c>*</c>, <c>+</c> and the
    /// unspecified addresses to every interface, so those are not loopback; neither is a URL it cannot parse.
    /// </summary>
    public static bool IsLoopback(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return false;
        }

        var authority = url[(schemeEnd + 3)..];
        var end = authority.IndexOf('/', StringComparison.Ordinal);
        authority = end < 0 ? authority : authority[..end];
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? authority : authority[1..close];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
        }

        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
