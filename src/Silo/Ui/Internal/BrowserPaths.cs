using System.Globalization;

namespace Threads.Silo.Ui.Internal;

/// <summary>
/// The thread browser's addresses, built in one place. Its own pages start with <c>_</c>, which no namespace may
/// (<c>^[a-z0-9]…</c>), so they never shadow a namespace's.
/// </summary>
internal static class BrowserPaths
{
    public const string Root = "/ui";

    public const string SignIn = "/ui/_signin";

    public const string Session = "/ui/_session";

    public const string SignOut = "/ui/_session/end";

    public const string Assets = "/ui/_assets";

    public static bool IsBrowser(PathString path) => path.StartsWithSegments(Root, StringComparison.OrdinalIgnoreCase);

    /// <summary>The paths that answer without a key: the sign-in page, signing in and out, and the page's style and script.</summary>
    public static bool IsOpen(PathString path) =>
        path.StartsWithSegments(SignIn, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(Session, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(Assets, StringComparison.OrdinalIgnoreCase);

    public static string Home => "/ui/";

    public static string Namespace(string ns) => $"/ui/{Uri.EscapeDataString(ns)}";

    public static string Resource(string ns, string resourceId) => $"{Namespace(ns)}?resourceId={Uri.EscapeDataString(resourceId)}";

    public static string Search(string ns) => $"{Namespace(ns)}/search";

    public static string Thread(string ns, string id) => $"{Namespace(ns)}/threads/{Uri.EscapeDataString(id)}";

    public static string ThreadUpTo(string ns, string id, long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{Thread(ns, id)}?before={seq + 1}#m-{seq}");

    public static string File(string ns, string id, string filename) => $"{Thread(ns, id)}/files/{Uri.EscapeDataString(filename)}";

    public static string Action(string ns, string id, string action) => $"{Thread(ns, id)}/{action}";

    /// <summary>Where to go after signing in: a path of the browser, never another site (<c>//host</c>) or a script.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith(Root + "/", StringComparison.Ordinal) && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.Contains('\\', StringComparison.Ordinal)
            ? returnUrl
            : Home;
}
