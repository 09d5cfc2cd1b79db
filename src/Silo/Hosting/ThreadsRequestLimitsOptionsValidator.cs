using Microsoft.Extensions.Options;

namespace Threads.Silo.Hosting;

/// <summary>Checks <see cref="ThreadsRequestLimitsOptions"/> at start, so a nonsensical limit stops the silo before it listens.</summary>
internal sealed class ThreadsRequestLimitsOptionsValidator : IValidateOptions<ThreadsRequestLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, ThreadsRequestLimitsOptions options)
    {
        var failures = new List<string>();
        const string At = ThreadsRequestLimitsOptions.SectionName;
        Positive(options.MaxRequestBodyBytes, "MaxRequestBodyBytes");
        Positive(options.MaxRequestHeadersTotalBytes, "MaxRequestHeadersTotalBytes");
        Positive(options.MaxRequestHeaderCount, "MaxRequestHeaderCount");
        Positive(options.MaxRequestLineBytes, "MaxRequestLineBytes");
        Positive(options.RequestHeadersTimeout.Ticks, "RequestHeadersTimeout");
        Positive(options.KeepAliveTimeout.Ticks, "KeepAliveTimeout");
        if (options.MinRequestBodyBytesPerSecond < 0 || options.MinRequestBodyGracePeriod < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{At}:MinRequestBodyBytesPerSecond must be 0 (off) or more, and MinRequestBodyGracePeriod at least 1 second.");
        }

        if (options.MaxConcurrentConnections is <= 0)
        {
            failures.Add($"{At}:MaxConcurrentConnections must be positive, or unset for no limit.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(long value, string key)
        {
            if (value <= 0)
            {
                failures.Add($"{At}:{key} must be positive.");
            }
        }
    }
}
