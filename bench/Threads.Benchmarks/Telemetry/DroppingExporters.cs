using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Threads.Benchmarks.Telemetry;

/// <summary>Exporters that take every span and metric and drop them: the SDK does all its work but sends nothing.</summary>
internal static class DroppingExporters
{
    public static void Add(IOpenTelemetryBuilder telemetry) => telemetry
        .WithTracing(static t => t.AddProcessor(new BatchActivityExportProcessor(new Spans())))
        .WithMetrics(static m => m.AddReader(new PeriodicExportingMetricReader(new Metrics(), exportIntervalMilliseconds: 1_000)));

    private sealed class Spans : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
    }

    private sealed class Metrics : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
