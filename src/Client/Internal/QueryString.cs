using System.Globalization;
using System.Text;

namespace Threads.Client.Internal;

/// <summary>Builds a relative URI with escaped query parameters; null values are left out.</summary>
internal sealed class QueryString(string path)
{
    private readonly StringBuilder _uri = new(path);
    private char _separator = '?';

    public QueryString Add(string name, string? value)
    {
        if (value is not null)
        {
            _uri.Append(_separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            _separator = '&';
        }

        return this;
    }

    public QueryString Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryString Add(string name, DateTimeOffset? value) => Add(name, value?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));

    public override string ToString() => _uri.ToString();
}
