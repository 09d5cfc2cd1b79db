using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Threads.Grains;
using Threads.Grains.Http;
using Threads.Grains.Serialization;

namespace Threads.Silo.Apis.Problems;

/// <summary>
/// Writes every problem as the contract's <see cref="Problem"/>, whatever the request's <c>Accept</c> says: the framework's
/// own writer declines a caller that asked for an event stream or a file, and would add a <c>traceId</c> the contract has not.
/// </summary>
internal sealed class ContractProblemDetailsWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    // A problem's detail quotes what the caller sent ('title', "a phrase"): written as is rather than as \u0027, which
    // the default encoder uses in case JSON is pasted into HTML. problem+json is never served as a page, and the
    // relaxed encoder still escapes what JSON requires (quotes, backslashes, control characters).
    private static readonly JsonTypeInfo<Problem> ProblemJson = (JsonTypeInfo<Problem>)new JsonSerializerOptions(ThreadsJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(Problem));

    public bool CanWrite(ProblemDetailsContext context) => true;

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var details = context.ProblemDetails;
        var response = context.HttpContext.Response;
        var status = details.Status ?? response.StatusCode;
        var problem = new Problem(
            details.Type ?? ApiProblems.Type,
            details.Title ?? string.Empty,
            status,
            details.Detail ?? string.Empty,
            Member<string>(details, ApiProblems.CodeMember) ?? ApiProblems.CodeOf(status),
            Member<IReadOnlyList<FieldError>>(details, ApiProblems.ErrorsMember),
            Member<string>(details, ApiProblems.HolderMember),
            Member<DateTimeOffset?>(details, ApiProblems.ExpiresAtMember));
        response.StatusCode = status;
        response.ContentType = ApiProblems.ContentType;
        await JsonSerializer.SerializeAsync(response.Body, problem, ProblemJson, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    private static T? Member<T>(ProblemDetails details, string name) =>
        details.Extensions.TryGetValue(name, out var value) && value is T typed ? typed : default;
}
