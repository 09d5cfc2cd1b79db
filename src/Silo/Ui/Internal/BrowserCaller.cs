using Threads.Silo.Auth;
using Threads.Silo.Auth.Internal;

namespace Threads.Silo.Ui.Internal;

/// <summary>What the browser's pages need to know of the caller: whether to offer actions, and which namespaces to list.</summary>
internal static class BrowserCaller
{
    /// <summary>True when keys are configured (so a page shows who is signed in and offers to sign out).</summary>
    public static bool KeysEnabled(HttpContext context) => context.RequestServices.GetRequiredService<ApiKeyRing>().IsEnabled;

    /// <summary>The key of the browser session; null without keys, or when not signed in.</summary>
    public static ApiCaller? Of(HttpContext context) => ApiCaller.Of(context);

    /// <summary>True when the caller may write: no keys, or a key with the write role (the actions are offered only then).</summary>
    public static bool MayWrite(HttpContext context) =>
        !KeysEnabled(context) || ApiCaller.Of(context) is { Role: >= ApiKeyRole.Write };
}
