using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Threads.Silo.Tests.Auth;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Logging;

/// <summary>Conversations are private: no log line above Trace holds a message's content, whatever the call and its outcome.</summary>
public sealed class MessageContentLoggingTests
{
    private const string Secret = "zebracornflower";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_AboveTrace_NeverHoldMessageContent()
    {
        var logs = new CapturingLoggerProvider();
        var directory = Directory.CreateTempSubdirectory("threads-content-logs-");
        await using (var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.Configuration["Threads:Storage:Provider"] = "Sqlite";
            o.Configuration["Threads:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory.FullName, "threads.db")}";
            o.Configuration["Logging:LogLevel:Default"] = "Debug";
            o.ConfigureServices = s => s.AddSingleton<ILoggerProvider>(logs);
        }))
        {
            await cluster.DeployAsync(Ct);
            var http = cluster.Http;
            var created = await http.PostAsJsonAsync("v1/namespaces/logs/threads", new { resourceId = "r" }, Ct);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
            var messages = $"v1/namespaces/logs/threads/{id}/messages";

            Assert.Equal(HttpStatusCode.Created, (await Post(messages, $$"""{"messages":[{"role":"user","content":"my {{Secret}} is here"}]}""")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await Post(messages, $$$"""
                {"messages":[{"role":"assistant","content":[{"type":"tool_call","callId":"c1","name":"lookup","arguments":{"q":"{{{Secret}}}"}}]},
                             {"role":"tool","content":[{"type":"tool_result","callId":"c1","result":"{{{Secret}}}"}]}]}
                """)).StatusCode);

            // Refused: a bad role, a stale expectedLastSeq, a body cut short, an oversized message.
            Assert.Equal(HttpStatusCode.BadRequest, (await Post(messages, $$"""{"messages":[{"role":"robot","content":"{{Secret}}"}]}""")).StatusCode);
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await Post(messages, $$"""{"expectedLastSeq":1,"messages":[{"role":"user","content":"{{Secret}}"}]}""")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await Post(messages, $$"""{"messages":[{"role":"user","content":"{{Secret}}""")).StatusCode);
            Assert.True((await Post(messages, $$"""{"messages":[{"role":"user","content":"{{Secret}} {{new string('x', 2_000_000)}}"}]}""")).StatusCode
                is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge);

            // Read back: messages, export, and a search for the words themselves.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(messages, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"v1/namespaces/logs/threads/{id}/export", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"v1/namespaces/logs/search?q={Secret}", Ct)).StatusCode);

            Task<HttpResponseMessage> Post(string path, string json) =>
                http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        }

        directory.Delete(recursive: true);
        Assert.NotEmpty(logs.Lines);
        var leaks = logs.Lines.Where(static line => line.Contains(Secret, StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.True(leaks.Length == 0, string.Join(Environment.NewLine, leaks));
    }
}
