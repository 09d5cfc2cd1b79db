using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;
using Threads.Grains;
using Threads.Silo.Apis.Problems;
using Threads.Silo.Auth.Internal;
using Threads.Silo.Ui.Internal;

namespace Threads.Silo.Hosting.Internal;

/// <summary>
/// The rate limiter of <c>Threads:RateLimit</c>: one token bucket per key, or per client address without a known key,
/// over the API and the thread browser (whose sign-in form would otherwise be a way to guess keys).
/// </summary>
internal static class ThreadsRateLimiter
{
    public static PartitionedRateLimiter<HttpContext> Create(ThreadsRateLimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!AccessPolicy.IsApi(context.Request.Path) && !BrowserPaths.IsBrowser(context.Request.Path))
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }

            var partition = ApiCaller.Of(context) is { } caller
                ? $"key:{caller.Index.ToString(CultureInfo.InvariantCulture)}"
                : $"ip:{context.Connection.RemoteIpAddress}";
            return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst > 0 ? options.Burst : options.PermitsPerSecond,
                TokensPerPeriod = options.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    /// <summary>Answers 429 <c>rate_limited</c>, with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    public static async ValueTask WriteAsync(OnRejectedContext rejected)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        rejected.HttpContext.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        await ApiProblems.WriteAsync(rejected.HttpContext, ApiProblems.Create(
            StatusCodes.Status429TooManyRequests,
            ErrorCodes.RateLimited,
            $"Too many calls with this key (Threads:RateLimit); retry in {seconds} s.")).ConfigureAwait(false);
    }
}
