namespace Threads.Silo.Ui.Internal;

/// <summary>The browser's style sheet and script, built into the assembly: nothing to install or build besides the silo.</summary>
internal static class BrowserAssets
{
    private static readonly Dictionary<string, (byte[] Content, string MediaType)> Files = new(StringComparer.Ordinal)
    {
        ["browser.css"] = (Read("browser.css"), "text/css; charset=utf-8"),
        ["browser.js"] = (Read("browser.js"), "text/javascript; charset=utf-8"),
    };

    public static IResult Get(string name, HttpResponse response)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return TypedResults.NotFound();
        }

        response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(file.Content, file.MediaType);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(BrowserAssets).Assembly.GetManifestResourceStream($"Threads.Silo.Ui.Assets.{name}")
            ?? throw new InvalidOperationException($"The thread browser's {name} is not built into the silo.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
