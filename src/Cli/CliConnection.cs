using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using Spectre.Console;
using Threads.Client;
using Threads.Grains;

namespace Threads.Cli;

/// <summary>The options every command shares, the client they make, and how failures are told.</summary>
internal sealed class CliConnection
{
    public static readonly Option<string> Url = new("--url")
    {
        Description = "The silo's address (THREADS_URL).",
        Recursive = true,
        DefaultValueFactory = static _ => Environment.GetEnvironmentVariable("THREADS_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:5170/",
        Validators =
        {
            static result =>
            {
                if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    result.AddError("--url must be an absolute http or https address, such as http://127.0.0.1:5170/");
                }
            },
        },
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "The API key (THREADS_API_KEY).",
        Recursive = true,
        DefaultValueFactory = static _ => Environment.GetEnvironmentVariable("THREADS_API_KEY"),
    };

    public static readonly Option<string> Namespace = new("--namespace", "-n")
    {
        Description = "The namespace.",
        Recursive = true,
        DefaultValueFactory = static _ => "default",
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write JSON for scripts instead of tables.",
        Recursive = true,
    };

    public static IEnumerable<Option> GlobalOptions => [Url, ApiKey, Namespace, Json];

    private CliConnection(ParseResult parse)
    {
        BaseAddress = new Uri(parse.GetValue(Url)!);
        Ns = parse.GetValue(Namespace)!;
        WantsJson = parse.GetValue(Json);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (parse.GetValue(ApiKey) is { Length: > 0 } key)
        {
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        Threads = new ThreadsClient(Http);
    }

    public Uri BaseAddress { get; }

    public string Ns { get; }

    public bool WantsJson { get; }

    public HttpClient Http { get; }

    public ThreadsClient Threads { get; }

    public IThreadGrain Thread(string id) => Threads.GetThread(Ns, id);

    /// <summary>Writes <paramref name="value"/> as indented JSON, the API's shapes.</summary>
    public static void WriteJson<T>(T value) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(value, CliJson.Indented.GetTypeInfo(typeof(T))));

    /// <summary>Runs a command's work, telling a failure in one line on standard error with an exit code for scripts.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Run(Func<CliConnection, ParseResult, CancellationToken, Task> work) =>
        async (parse, cancellationToken) =>
        {
            var connection = new CliConnection(parse);
            try
            {
                await work(connection, parse, cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 130;
            }
            catch (HttpRequestException exception) when (exception.StatusCode is null)
            {
                Fail($"cannot reach the silo at {connection.BaseAddress}: {exception.Message}");
                return 2;
            }
            catch (ThreadsException exception)
            {
                // The field errors the message does not already tell.
                var untold = exception.Errors.Select(static e => $"{e.Path}: {e.Message}").Where(e => !exception.Message.Contains(e, StringComparison.Ordinal)).ToArray();
                var fields = untold.Length > 0 ? " (" + string.Join("; ", untold) + ")" : string.Empty;
                Fail($"{exception.Code}: {exception.Message}{fields}");
                return 1;
            }
            catch (IOException exception)
            {
                Fail(exception.Message);
                return 1;
            }
            finally
            {
                connection.Http.Dispose();
            }
        };

    public static void Fail(string message) => Console.Error.WriteLine($"threads: {message}");

    /// <summary>A message's parts in one line of plain text, for people.</summary>
    public static string Describe(ThreadMessage message) =>
        string.Join(" ", message.Content.Select(static part => part switch
        {
            TextPart text => text.Text,
            ToolCallPart call => $"[tool_call {call.Name} {call.Arguments?.GetRawText()}]",
            ToolResultPart result => $"[tool_result{(result.IsError ? " error" : string.Empty)} {result.Result?.GetRawText()}]",
            DataPart data => $"[data {data.MediaType}, {data.Data.Length * 3 / 4} bytes]",
            ErrorPart error => $"[error {error.Message}]",
            _ => "[?]",
        }));

    /// <summary>Markup-escaped text: message content is never read as Spectre markup.</summary>
    public static string Safe(string? text) => Markup.Escape(text ?? string.Empty);
}
