namespace Threads.Silo.Apis.Bodies;

/// <summary>The body of <c>/healthz</c> and <c>/readyz</c>.</summary>
internal sealed record HealthStatus(string Status);
