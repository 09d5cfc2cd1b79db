var builder = WebApplication.CreateBuilder(args);
builder.AddThreadsSilo();

var app = builder.Build();
app.MapThreadsApi();
app.Run();

/// <summary>The silo's entry point; public so tests can host it.</summary>
public partial class Program;
