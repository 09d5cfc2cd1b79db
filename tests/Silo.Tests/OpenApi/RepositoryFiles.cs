namespace Threads.Silo.Tests.OpenApi;

/// <summary>Files of the repository the tests run from.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder that holds Threads.sln, found upwards from the test's binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Threads.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Threads.sln above {AppContext.BaseDirectory}.");
    }
}
