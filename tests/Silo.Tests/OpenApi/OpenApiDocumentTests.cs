using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Threads.Silo.Tests.Apis;

namespace Threads.Silo.Tests.OpenApi;

/// <summary>
/// The document a silo serves is the one checked in as docs/openapi.json, so that an API change shows in review; and
/// it says what every client generator needs: names, summaries, the bearer scheme and the problems of each operation.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class OpenApiDocumentTests(ClusterFixture fixture) : ApiTests(fixture)
{
    /// <summary>Set to 1 to write the served document to docs/openapi.json instead of comparing.</summary>
    public const string UpdateVariable = "THREADS_UPDATE_OPENAPI";

    public static readonly string CheckedInPath = RepositoryFiles.PathOf("docs/openapi.json");

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public async Task Document_Served_EqualsCheckedInCopy()
    {
        var served = await ServedDocument.GetAsync(Http, Ct);
        var text = served.ToJsonString(Indented) + "\n";
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(CheckedInPath, text, Ct);
        }

        var checkedIn = await File.ReadAllTextAsync(CheckedInPath, Ct);
        Assert.True(
            JsonNode.DeepEquals(served, JsonNode.Parse(checkedIn)),
            $"The served OpenAPI document differs from docs/openapi.json: run the tests with {UpdateVariable}=1 to update it, and review the change.");
    }

    [Fact]
    public async Task Document_EveryOperation_HasCamelCaseIdSummaryAndTag()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, method, operation) in ServedDocument.Operations(await ServedDocument.GetAsync(Http, Ct)))
        {
            var id = operation["operationId"]?.GetValue<string>();
            Assert.True(id is not null && CamelCase().IsMatch(id), $"{method} {path}: operationId '{id}' is not camelCase");
            Assert.True(ids.Add(id), $"{method} {path}: operationId '{id}' is used twice");
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
            Assert.Single(operation["tags"]!.AsArray());
        }

        Assert.Contains("appendMessages", ids);
    }

    [Fact]
    public async Task Document_EveryPathParameter_HasItsRule()
    {
        foreach (var (path, method, operation) in ServedDocument.Operations(await ServedDocument.GetAsync(Http, Ct)))
        {
            foreach (var parameter in operation["parameters"]?.AsArray().Where(static p => p!["in"]!.GetValue<string>() == "path") ?? [])
            {
                var schema = parameter!["schema"]!;
                Assert.True(schema["pattern"] is not null && schema["maxLength"] is not null, $"{method} {path}: {parameter["name"]} has no pattern and length");
            }
        }
    }

    [Fact]
    public async Task Document_EveryV1Operation_NeedsTheBearerKeyAndAnswersProblems()
    {
        var document = await ServedDocument.GetAsync(Http, Ct);
        Assert.Equal("http", document["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        foreach (var (path, method, operation) in ServedDocument.Operations(document).Where(static o => o.Path.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            Assert.True(operation["security"]!.AsArray() is [JsonObject requirement] && requirement.ContainsKey("bearer"), $"{method} {path} does not need the bearer key");
            foreach (var status in new[] { "400", "401", "403", "429", "503" })
            {
                var problem = operation["responses"]![status]?["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
                Assert.True(problem == "#/components/schemas/Problem", $"{method} {path} does not answer {status} as a problem");
            }
        }
    }

    [Fact]
    public async Task Document_Problem_HasTheCodesAsAnEnum()
    {
        var problem = (await ServedDocument.GetAsync(Http, Ct))["components"]!["schemas"]!["Problem"]!;
        var codes = problem["properties"]!["code"]!["enum"]!.AsArray().Select(static c => c!.GetValue<string>()).ToList();
        Assert.Contains("invalid_argument", codes);
        Assert.Contains("storage_full", codes);
        Assert.Contains("unsupported_media_type", codes);
        Assert.Equal("#/components/schemas/FieldError", problem["properties"]!["errors"]!["items"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task Document_ContentParts_AreOneOfNamedSchemasByType()
    {
        var part = (await ServedDocument.GetAsync(Http, Ct))["components"]!["schemas"]!["ContentPart"]!;
        Assert.Null(part["anyOf"]);
        var refs = part["oneOf"]!.AsArray().Select(static r => r!["$ref"]!.GetValue<string>()).ToList();
        Assert.Equal(["TextPart", "ToolCallPart", "ToolResultPart", "DataPart", "ErrorPart"], refs.Select(static r => r.Split('/')[^1]));
        Assert.Equal("type", part["discriminator"]!["propertyName"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/ToolCallPart", part["discriminator"]!["mapping"]!["tool_call"]!.GetValue<string>());
    }

    [Fact]
    public async Task Document_NoSchema_AllowsNullOutsideThePatchOfAThread()
    {
        var document = await ServedDocument.GetAsync(Http, Ct);
        var schemas = document["components"]!["schemas"]!.AsObject().Where(static s => s.Key != "UpdateThreadRequest").Select(static s => s.Value!.ToJsonString());
        var operations = document["paths"]!.ToJsonString();
        Assert.All(schemas.Append(operations), json => Assert.DoesNotContain("\"null\"", json, StringComparison.Ordinal));
    }

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex CamelCase();
}
