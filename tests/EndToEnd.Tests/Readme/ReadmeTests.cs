using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Threads.Grains;

namespace Threads.EndToEnd.Tests.Readme;

/// <summary>
/// The README's C# compiles as shown: its .NET section is a console app's <c>Program.cs</c>, compiled here as one; its
/// other blocks are code of this project (<c>ReadmeChat.cs</c>, <c>ReadmeAgents.cs</c>); and what they show works over both clients.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ReadmeTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Readme_DotNetSection_CompilesAsAConsoleAppsProgram()
    {
        var program = string.Join('\n', ProgramBlocks(ReadReadme()));

        // What `dotnet new console` gives: its implicit usings, nullable on, and the references the README names
        // (the Client project, Microsoft.Extensions.Hosting, and what they bring), not this project's others. Here
        // Microsoft.Extensions.Hosting comes with ASP.NET Core's shared framework rather than beside the tests.
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(string.Concat(ConsoleImplicitUsings.Select(static u => $"global using {u};\n")), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest)),
            CSharpSyntaxTree.ParseText(program, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest)),
        };
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = Directory.GetFiles(runtime, "*.dll")
            .Concat(((string[])[AppContext.BaseDirectory, Path.GetDirectoryName(typeof(Host).Assembly.Location)!])
                .SelectMany(static d => Directory.GetFiles(d, "*.dll"))
                .Where(static p => IsClientDependency(Path.GetFileName(p))))
            .Where(static p => IsManagedAssembly(p))
            .DistinctBy(Path.GetFileName)
            .Select(static p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "ReadmeProgram",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics(Ct).Where(static d => d.Severity == DiagnosticSeverity.Error).Select(static d => d.ToString()).ToList();

        Assert.True(errors.Count == 0, $"The README's .NET section does not compile:\n{string.Join('\n', errors)}\n---\n{program}");
    }

    [Fact]
    public void Readme_OtherCSharpBlocks_AreCodeThatThisProjectCompiles()
    {
        var root = RepositoryRoot();
        var readme = ReadReadme();
        var compiled = Normalize(string.Concat(
            File.ReadAllText(Path.Combine(root, "tests", "EndToEnd.Tests", "Readme", "ReadmeChat.cs")),
            File.ReadAllText(Path.Combine(root, "tests", "EndToEnd.Tests", "Readme", "ReadmeAgents.cs"))));
        var program = ProgramBlocks(readme);
        var chat = string.Join('\n', program)[string.Join('\n', program).IndexOf("public sealed class Chat(", StringComparison.Ordinal)..];

        var others = CSharpBlock().Matches(readme).Select(static m => m.Groups["code"].Value).Where(b => !program.Contains(b)).ToList();

        Assert.NotEmpty(others);
        Assert.All(others.Append(chat), block => Assert.Contains(Normalize(block), compiled, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chat_OverTheClusterClientAndOverHttp_StartsAndContinuesTheSameConversation()
    {
        using var http = BuildOverHttp(Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true }), fixture.Cluster.Silos[0].BaseAddress);
        var overHttp = new Chat(http.Services.GetRequiredService<IThreadsClient>());
        var overOrleans = new Chat(fixture.Cluster.Grains);

        var id = await overOrleans.StartAsync(Ct);
        await overOrleans.SayAsync(id, "hello", Ct);
        var seen = await overHttp.SayAsync(id, "again", Ct);

        Assert.Equal(["again", "hello"], seen.Select(static m => ((TextPart)m.Content[0]).Text));
        Assert.All(seen, static m => Assert.Equal("guille", m.UserId));
    }

    [Fact]
    public async Task TestCluster_AsTheReadmeShowsIt_ServesOneThreadToBothClients()
    {
        var (created, read) = await ReadmeTestCluster.CreateOverOrleansReadOverHttpAsync();

        Assert.Equal("t1", read.Id);
        Assert.Equal("from the README", read.Title);
        Assert.Equal(created.Version, read.Version);
    }

    [Fact]
    public async Task Agents_AsTheReadmeShowsThem_ResumeOneConversationOverBothClients()
    {
        var overOrleans = new ReadmeAgents(fixture.Cluster.Grains);
        var overHttp = new ReadmeAgents(fixture.Cluster.Silos[0].Client);

        var (threadId, answer) = await overOrleans.ChatAsync(Ct);
        var resumed = await overHttp.RunAgentAsync(threadId, "What is my name?", Ct);
        var fresh = await overHttp.RunAgentAsync(Identifiers.NewThreadId(), "What is my name?", Ct);

        Assert.Equal(("Your name is Guille.", "Your name is Guille.", "I don't know your name."), (answer, resumed, fresh));
    }

    private static readonly string[] ConsoleImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static IHost BuildOverHttp(HostApplicationBuilder builder, Uri silo)
    {
        // The README's registration, pointed at the test cluster's first silo.
        builder.Services.AddThreadsClient(o => o.BaseAddress = silo);
        return builder.Build();
    }

    private static string ReadReadme() => File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

    /// <summary>The C# blocks of the README's "From .NET" section up to its "In tests", which together are one Program.cs.</summary>
    private static List<string> ProgramBlocks(string readme)
    {
        var from = readme.IndexOf("\n## From .NET\n", StringComparison.Ordinal);
        var to = readme.IndexOf("\n### In tests\n", from, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, "README.md has no '## From .NET' section followed by '### In tests'");
        return [.. CSharpBlock().Matches(readme[from..to]).Select(static m => m.Groups["code"].Value)];
    }

    /// <summary>The Client project, what it references, and Microsoft.Extensions.Hosting's; not the silo, grains, testing host, agents or test frameworks.</summary>
    private static bool IsClientDependency(string file) =>
        file is "Threads.Client.dll" or "Threads.Grains.Interfaces.dll"
        || (file.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && !file.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal))
        || file.StartsWith("Microsoft.Orleans.", StringComparison.Ordinal)
        || file.StartsWith("Orleans.", StringComparison.Ordinal)
        || file.StartsWith("Polly.", StringComparison.Ordinal);

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static string Normalize(string code) =>
        string.Join('\n', code.Split('\n').Select(static l => l.Trim()).Where(static l => l.Length > 0));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Threads.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Threads.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
