using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Threads.Grains;
using Threads.Grains.Serialization;

namespace Threads.Silo.Ui.Internal;

/// <summary>How the browser writes values for people. Everything here is text: the components escape it when they render it.</summary>
internal static class BrowserText
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,

        // Escaped as HTML where it is shown, so the JSON itself can keep <, > and non-ASCII letters readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Media types a data part may be shown inline as: images a browser decodes without running anything.</summary>
    private static readonly HashSet<string> InlineImages = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp",
    };

    public static string Json(JsonElement? value) => value is { } element ? JsonSerializer.Serialize(element, Indented) : "null";

    public static string Time(DateTimeOffset time) => UtcTimestampJsonConverter.Format(time);

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };

    /// <summary>The size of the bytes a base64 string holds.</summary>
    public static long DecodedBytes(string base64) => base64.Length / 4 * 3 - (base64.EndsWith("==", StringComparison.Ordinal) ? 2 : base64.EndsWith('=') ? 1 : 0);

    public static bool IsInlineImage(string mediaType) => InlineImages.Contains(mediaType);

    /// <summary>A data part as a URL the page can link to: images with their type, anything else as bytes to download, never as a page.</summary>
    public static string DataUrl(string mediaType, string base64) =>
        $"data:{(IsInlineImage(mediaType) ? mediaType.ToLowerInvariant() : "application/octet-stream")};base64,{base64}";

    /// <summary>A search snippet cut into its runs of text, with whether each is a matched word (between <c>**</c>).</summary>
    public static IEnumerable<(string Text, bool Matched)> Snippet(string snippet)
    {
        var pieces = snippet.Split("**");
        for (var i = 0; i < pieces.Length; i++)
        {
            if (pieces[i].Length > 0)
            {
                yield return (pieces[i], i % 2 == 1);
            }
        }
    }

    public static string Role(MessageRole role) => role.Value;
}
