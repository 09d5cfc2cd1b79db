var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
app.Run();

/// <summary>The silo's entry point; public so tests can host it.</summary>
public partial class Program;
