namespace Threads.Silo.Ui.Internal;

/// <summary>
/// The thread browser's sign-in: the key a person typed, kept in a session cookie (no expiry, so it ends with the
/// browser session) that scripts cannot read (HttpOnly), that no other site's page can make the browser send
/// (SameSite=Strict), and that only the browser's paths receive. The key never goes into a URL.
/// </summary>
internal static class BrowserSession
{
    public const string CookieName = "threads_key";

    public static string? Key(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName, out var key) && !string.IsNullOrWhiteSpace(key) ? key : null;

    public static void Start(HttpResponse response, string key) =>
        response.Cookies.Append(CookieName, key, Options(response.HttpContext.Request));

    public static void End(HttpResponse response) =>
        response.Cookies.Delete(CookieName, Options(response.HttpContext.Request));

    private static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = BrowserPaths.Root,
        IsEssential = true,
    };
}
