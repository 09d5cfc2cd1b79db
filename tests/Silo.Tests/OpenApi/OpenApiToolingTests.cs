using System.Text.Json;
using Threads.Silo.Tests.Apis;

namespace Threads.Silo.Tests.OpenApi;

/// <summary>
/// The served document as users' tools take it: Redocly's recommended rules find no error in it, and a TypeScript client
/// generated from it (openapi-typescript, openapi-fetch) compiles and runs a smoke scenario against a silo on loopback.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OpenApiToolingTests(ClusterFixture fixture) : ApiTests(fixture)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public async Task Document_RedoclyRecommendedRules_NoError()
    {
        SkipWithoutTools();
        var file = Path.Combine(Path.GetTempPath(), $"threads-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, (await ServedDocument.GetAsync(Http, Ct)).ToJsonString(Indented), Ct);
        try
        {
            var (exitCode, output) = await NodeTools.RunBinAsync("redocly", ["lint", "--config", "redocly.yaml", "--format=summary", file], Ct);
            Assert.True(exitCode == 0, $"redocly lint found errors:\n{output}");
            Assert.Contains("Your API description is valid", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task GeneratedTypeScriptClient_SmokeScenario_RunsAgainstASilo()
    {
        SkipWithoutTools();
        var generated = Path.Combine(NodeTools.Directory, "generated");
        System.IO.Directory.CreateDirectory(generated);
        await File.WriteAllTextAsync(Path.Combine(generated, "openapi.json"), (await ServedDocument.GetAsync(Http, Ct)).ToJsonString(Indented), Ct);

        await SucceedsAsync(NodeTools.RunBinAsync("openapi-typescript", ["generated/openapi.json", "-o", "generated/threads.d.ts"], Ct), "openapi-typescript");
        await SucceedsAsync(NodeTools.RunBinAsync("tsc", ["-p", "tsconfig.json"], Ct), "tsc (the smoke scenario against the generated types)");
        var silo = Cluster.Silos[0].BaseAddress.ToString().TrimEnd('/');
        var output = await SucceedsAsync(NodeTools.RunAsync("node", ["dist/smoke.js", silo, Ns], Ct), "the smoke scenario");
        Assert.Contains("ok the stream's first event is thread_created", output, StringComparison.Ordinal);
    }

    /// <summary>Set to 1 (as .ci/run does, after installing the tools) to fail rather than skip without them.</summary>
    public const string RequiredVariable = "THREADS_TEST_NODE_TOOLS";

    private static void SkipWithoutTools()
    {
        if (NodeTools.Missing is { } reason)
        {
            Assert.SkipWhen(Environment.GetEnvironmentVariable(RequiredVariable) != "1", $"Skipped: {reason}.");
            Assert.Fail($"{RequiredVariable}=1 but {reason}.");
        }
    }

    private static async Task<string> SucceedsAsync(Task<(int ExitCode, string Output)> run, string what)
    {
        var (exitCode, output) = await run;
        Assert.True(exitCode == 0, $"{what} failed ({exitCode}):\n{output}");
        return output;
    }
}
