using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Threads.Silo.Auth;
using Threads.Silo.Auth.Internal;
using Threads.Silo.Hosting;
using Threads.Silo.Hosting.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the silo's access control: API keys, the server's request limits and the rate limiter.</summary>
internal static class ThreadsAccessServiceCollectionExtensions
{
    /// <summary>Binds <c>Threads:Auth</c>, <c>Threads:Limits</c> (the server's part) and <c>Threads:RateLimit</c>, each checked at start.</summary>
    public static IServiceCollection AddThreadsAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ThreadsAuthOptions>().Bind(configuration.GetSection(ThreadsAuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ThreadsAuthOptions>, ThreadsAuthOptionsValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddHostedService<AnonymousRemoteGuard>();

        services.AddOptions<ThreadsRequestLimitsOptions>().Bind(configuration.GetSection(ThreadsRequestLimitsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ThreadsRequestLimitsOptions>, ThreadsRequestLimitsOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ThreadsRequestLimitsOptions>>(static (kestrel, options) =>
        {
            var limits = options.Value;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalBytes;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineBytes;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections;
            kestrel.Limits.MinRequestBodyDataRate = limits.MinRequestBodyBytesPerSecond > 0
                ? new MinDataRate(limits.MinRequestBodyBytesPerSecond, limits.MinRequestBodyGracePeriod)
                : null;
        });

        var rateLimit = configuration.GetSection(ThreadsRateLimitOptions.SectionName);
        services.AddOptions<ThreadsRateLimitOptions>().Bind(rateLimit).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ThreadsRateLimitOptions>, ThreadsRateLimitOptionsValidator>();
        services.AddRateLimiter(static _ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ThreadsRateLimitOptions>>(static (limiter, options) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = static (rejected, _) => ThreadsRateLimiter.WriteAsync(rejected);
            if (options.Value.IsEnabled)
            {
                limiter.GlobalLimiter = ThreadsRateLimiter.Create(options.Value);
            }
        });
        return services;
    }
}
