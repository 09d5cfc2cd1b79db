using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Threads.Client;
using Threads.Grains;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ThreadsClient"/>.</summary>
public static class ThreadsClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ThreadsClient"/> as a typed <see cref="HttpClient"/> client, also served as <see cref="IThreadsClient"/>.
    /// The returned builder adds handlers (retries, authentication) to its HTTP pipeline.
    /// </summary>
    public static IHttpClientBuilder AddThreadsClient(this IServiceCollection services, Action<ThreadsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ThreadsClientOptions>()
            .Configure(o => configure?.Invoke(o))
            .Validate(static o => o.BaseAddress is { IsAbsoluteUri: true }, "ThreadsClientOptions.BaseAddress must be an absolute URI.")
            .Validate(static o => o.MaxRetries >= 0, "ThreadsClientOptions.MaxRetries must be 0 or more.")
            .Validate(static o => o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay, "ThreadsClientOptions.RetryDelay must be positive and at most MaxRetryDelay.")
            .ValidateOnStart();
        services.AddTransient<IThreadsClient>(static sp => sp.GetRequiredService<ThreadsClient>());
        return services
            .AddHttpClient<ThreadsClient, ThreadsClient>(static (http, sp) => new ThreadsClient(http, sp.GetRequiredService<IOptions<ThreadsClientOptions>>().Value))
            .ConfigureHttpClient(static (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<ThreadsClientOptions>>().Value;
                var address = options.BaseAddress;
                http.BaseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
                if (options.ApiKey is { Length: > 0 } key)
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                }
            });
    }
}
