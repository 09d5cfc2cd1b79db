using System.Text.Json;
using Threads.Grains.Serialization;

namespace Threads.Cli;

/// <summary>The API's JSON, indented for reading.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Indented = new(ThreadsJsonContext.Default.Options) { WriteIndented = true };
}
