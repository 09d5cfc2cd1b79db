using System.Text.Json;
using Threads.Grains.Serialization;

namespace Threads.Grains.Tests.Serialization;

/// <summary>A property left out of a request body keeps its documented default when read by the generated readers.</summary>
public sealed class JsonDefaultsTests
{
    [Fact]
    public void ThreadInfo_WithoutMetadata_HasEmptyMetadata()
    {
        const string json = """{"id":"t1","namespace":"default","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","version":1}""";

        var thread = JsonSerializer.Deserialize(json, ThreadsJsonContext.Default.ThreadInfo);

        Assert.NotNull(thread);
        Assert.NotNull(thread.Metadata);
        Assert.Empty(thread.Metadata);
    }

    [Fact]
    public void StartRunRequest_WithoutTtl_UsesTheDefaultLease()
    {
        var request = JsonSerializer.Deserialize("{}", ThreadsJsonContext.Default.StartRunRequest);

        Assert.NotNull(request);
        Assert.Equal(StartRunRequest.DefaultTtlSeconds, request.TtlSeconds ?? StartRunRequest.DefaultTtlSeconds);
        Assert.Null(request.TtlSeconds);
    }
}
