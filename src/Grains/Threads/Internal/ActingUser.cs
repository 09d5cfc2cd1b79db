namespace Threads.Grains.Threads.Internal;

/// <summary>The user a request acts for, when the caller is scoped to one (<see cref="ThreadsRequestContext.ActingUserId"/>).</summary>
internal static class ActingUser
{
    /// <summary>
    /// The user to use for <paramref name="requested"/>: as given for an unscoped caller; the acting user for a scoped
    /// one, who may not name another (403).
    /// </summary>
    public static string? Resolve(string? requested, string path)
    {
        if (ThreadsRequestContext.ActingUserId is not { } user)
        {
            return requested;
        }

        return requested is null || requested == user
            ? user
            : throw new ForbiddenException($"{path}: a key scoped to user '{user}' cannot act for or see user '{requested}'.");
    }
}
