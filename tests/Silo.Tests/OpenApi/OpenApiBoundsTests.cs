using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Threads.Silo.Tests.Apis;

namespace Threads.Silo.Tests.OpenApi;

/// <summary>
/// What the document declares is what the silo enforces: for every bound of every parameter of every operation
/// (a minimum, a maximum, a length, an enum), a value one past it is a 400 naming the parameter, and on a read the
/// bound itself is not.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OpenApiBoundsTests(ClusterFixture fixture) : ApiTests(fixture)
{
    /// <summary>Bodies that pass, so that the parameter under test is the request's only fault.</summary>
    private static readonly Dictionary<string, string> ValidBodies = new(StringComparer.Ordinal)
    {
        ["appendMessages"] = """{"messages":[{"role":"user","content":"hi"}]}""",
        ["trimMessages"] = """{"keepLast":10}""",
        ["acquireLock"] = """{"holder":"h","ttlSeconds":10}""",
        ["replaceState"] = """{"state":{}}""",
        ["cleanupThreads"] = """{"updatedBefore":"2000-01-01T00:00:00.000Z","dryRun":true}""",
        ["putStateSchema"] = """{"type":"object"}""",
    };

    [Fact]
    public async Task Document_EveryDeclaredBound_OnePastItIsABadRequestNamingTheParameter()
    {
        var document = await ServedDocument.GetAsync(Http, Ct);
        var thread = await CreateThreadAsync("bounds-" + Guid.NewGuid().ToString("N")[..8]);
        using (var run = await PostAsync($"threads/{thread}/runs", """{"runId":"run-1"}"""))
        {
            Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        }

        var walked = 0;
        var failures = new List<string>();
        foreach (var (path, method, operation) in ServedDocument.Operations(document))
        {
            var parameters = operation["parameters"]?.AsArray().Select(static p => p!.AsObject()).ToList() ?? [];
            foreach (var parameter in parameters)
            {
                foreach (var (bound, value) in PastBounds(parameter))
                {
                    walked++;
                    var (status, body) = await SendAsync(method, path, operation, parameters, thread, parameter, value);
                    var name = parameter["name"]!.GetValue<string>();
                    var named = name == "ns" ? "namespace" : name;
                    if (status != HttpStatusCode.BadRequest || !Names(body, named))
                    {
                        failures.Add($"{method.ToUpperInvariant()} {path} {name} past its {bound} ('{Shorten(value)}'): {(int)status} {Shorten(body)}");
                    }
                }

                // The bound itself is taken, so the document is not stricter than the silo either; reads only, so
                // that no write changes what the next request finds.
                foreach (var (bound, value) in method == "get" ? AtBounds(parameter) : [])
                {
                    var (status, body) = await SendAsync(method, path, operation, parameters, thread, parameter, value);
                    var name = parameter["name"]!.GetValue<string>();
                    if (status == HttpStatusCode.BadRequest && Names(body, name == "ns" ? "namespace" : name))
                    {
                        failures.Add($"GET {path} {name} at its {bound} ('{Shorten(value)}'): {(int)status} {Shorten(body)}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(walked > 100, $"only {walked} bounds were walked");
    }

    /// <summary>A value just outside each bound the parameter's schema declares.</summary>
    private static IEnumerable<(string Bound, string Value)> PastBounds(JsonObject parameter)
    {
        var schema = parameter["schema"]!.AsObject();
        var isPath = parameter["in"]!.GetValue<string>() == "path";
        if (schema["minimum"] is { } minimum)
        {
            yield return ("minimum", (minimum.GetValue<long>() - 1).ToString(CultureInfo.InvariantCulture));
        }

        if (schema["maximum"] is { } maximum)
        {
            yield return ("maximum", (maximum.GetValue<long>() + 1).ToString(CultureInfo.InvariantCulture));
        }

        if (schema["maxLength"] is { } maxLength)
        {
            yield return ("maxLength", new string('a', maxLength.GetValue<int>() + 1));
        }

        // An empty path segment is another route, not a short value.
        if (schema["minLength"] is { } minLength && minLength.GetValue<int>() > 0 && !isPath)
        {
            yield return ("minLength", new string('a', minLength.GetValue<int>() - 1));
        }

        if (schema["enum"] is not null)
        {
            yield return ("enum", "not-one-of-them");
        }
    }

    /// <summary>A value on each bound the parameter's schema declares.</summary>
    private static IEnumerable<(string Bound, string Value)> AtBounds(JsonObject parameter)
    {
        var schema = parameter["schema"]!.AsObject();
        if (schema["minimum"] is { } minimum)
        {
            yield return ("minimum", minimum.GetValue<long>().ToString(CultureInfo.InvariantCulture));
        }

        if (schema["maximum"] is { } maximum)
        {
            yield return ("maximum", maximum.GetValue<long>().ToString(CultureInfo.InvariantCulture));
        }

        if (schema["maxLength"] is { } maxLength)
        {
            yield return ("maxLength", new string('a', maxLength.GetValue<int>()));
        }

        if (schema["minLength"] is { } minLength && minLength.GetValue<int>() > 0)
        {
            yield return ("minLength", new string('a', minLength.GetValue<int>()));
        }

        foreach (var value in schema["enum"]?.AsArray() ?? [])
        {
            yield return ("enum", value!.GetValue<string>());
        }
    }

    private static bool Names(string problem, string parameter) => problem.Contains($"\"path\":\"{parameter}\"", StringComparison.Ordinal);

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(
        string method, string path, JsonObject operation, List<JsonObject> parameters, string thread, JsonObject tested, string value)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ns"] = Ns, ["id"] = thread, ["runId"] = "run-1", ["resourceId"] = "res-1", ["schemaId"] = "schema-1", ["filename"] = "notes.txt",
        };
        var target = new StringBuilder(path);
        foreach (var parameter in parameters.Where(static p => p["in"]!.GetValue<string>() == "path"))
        {
            var name = parameter["name"]!.GetValue<string>();
            target.Replace("{" + name + "}", Uri.EscapeDataString(parameter == tested ? value : values[name]));
        }

        var query = parameters
            .Where(p => p["in"]!.GetValue<string>() == "query" && (p == tested || p["required"]?.GetValue<bool>() == true))
            .Select(p => $"{p["name"]!.GetValue<string>()}={Uri.EscapeDataString(p == tested ? value : "hello")}");
        var uri = target.ToString().TrimStart('/') + "?" + string.Join("&", query);

        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), uri);
        if (operation["requestBody"]?["content"]?.AsObject() is { } content && content.First().Key is var mediaType)
        {
            var body = ValidBodies.GetValueOrDefault(operation["operationId"]!.GetValue<string>(), "{}");
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType.Contains('*', StringComparison.Ordinal) ? "text/plain" : mediaType);
        }

        foreach (var parameter in parameters.Where(p => p["in"]!.GetValue<string>() == "header" && (p == tested || p["required"]?.GetValue<bool>() == true)))
        {
            request.Headers.TryAddWithoutValidation(parameter["name"]!.GetValue<string>(), parameter == tested ? value : "1");
        }

        // Headers only: a request that were wrongly accepted by an event stream would otherwise never end.
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? string.Empty : await response.Content.ReadAsStringAsync(Ct));
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
