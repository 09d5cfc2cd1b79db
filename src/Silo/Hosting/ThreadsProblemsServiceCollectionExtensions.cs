using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Threads.Grains;
using Threads.Silo.Apis.Problems;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the API's problem responses: the framework's problem details and exception handler, writing the contract's shape.</summary>
internal static class ThreadsProblemsServiceCollectionExtensions
{
    /// <summary>Adds problem details with the API's <c>code</c> on each, written as the contract's problem, and the one handler that maps exceptions to them.</summary>
    public static IServiceCollection AddThreadsProblems(this IServiceCollection services)
    {
        // Ahead of the framework's own writer, which AddProblemDetails adds only if no writer is there yet.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, ContractProblemDetailsWriter>());
        services.AddProblemDetails(static o => o.CustomizeProblemDetails = Customize);
        services.AddExceptionHandler<ThreadsExceptionHandler>();

        // A 404 is as much an answer as any other problem (a thread that does not exist), not a misrouted handler.
        services.Configure<ExceptionHandlerOptions>(static o => o.AllowStatusCode404Response = true);
        return services;
    }

    // Every problem is about:blank with its status's reason phrase and a code, whoever wrote it: routing's bare 404 and
    // 405 get the code of their status. A 503 says when to come back.
    private static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Type = ApiProblems.Type;
        problem.Title = ReasonPhrases.GetReasonPhrase(status);
        problem.Extensions.TryAdd(ApiProblems.CodeMember, ApiProblems.CodeOf(status));
        if (problem.Extensions[ApiProblems.CodeMember] is ErrorCodes.Unavailable)
        {
            context.HttpContext.Response.Headers.RetryAfter = "1";
        }
    }
}
