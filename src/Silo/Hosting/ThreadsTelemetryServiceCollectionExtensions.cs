using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using Threads.Grains.Diagnostics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the silo's traces and metrics with OpenTelemetry.</summary>
public static class ThreadsTelemetryServiceCollectionExtensions
{
    /// <summary>The standard variable whose presence turns the silo's telemetry on, exported by OTLP to it.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Traces from ASP.NET Core (requests, but not health probes), Orleans (grain calls and activations) and Npgsql, with
    /// the store's commits (<see cref="ThreadsTelemetry.ActivitySourceName"/>); metrics of ASP.NET Core, Kestrel, Orleans,
    /// Npgsql and <see cref="ThreadsTelemetry.MeterName"/>. Add an exporter to the builder returned. Grain calls join their
    /// callers' traces only on a silo with Orleans' activity propagation (<c>AddActivityPropagation</c>).
    /// </summary>
    public static IOpenTelemetryBuilder AddThreadsTelemetry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddOpenTelemetry()

            // The variables OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, read again after the default name, win over it.
            .ConfigureResource(static r => r.AddService("threads").AddEnvironmentVariableDetector())
            .WithTracing(static t => t
                .AddSource(ThreadsTelemetry.ActivitySourceName)
                .AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.LifecycleActivitySourceName)
                .AddAspNetCoreInstrumentation(static o => o.Filter = static context => !IsProbe(context.Request.Path))
                .AddNpgsql())
            .WithMetrics(static m => m
                .AddMeter(ThreadsTelemetry.MeterName, "Microsoft.Orleans")
                .AddNpgsqlInstrumentation()
                .AddAspNetCoreInstrumentation());
    }

    // A load balancer probes every few seconds: a trace of each would bury the requests worth reading.
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
