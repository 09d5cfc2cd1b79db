using Threads.Grains.Storage;

namespace Threads.Grains.Tests.Storage;

/// <summary>The store rules for state schemas and the list of namespaces.</summary>
public abstract partial class ThreadStoreConformanceTests
{
    [Fact]
    public async Task PutSchemaAsync_VersionChecked()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        var first = new StoredSchema(ns, "agent", """{"type":"object"}""", 1, T0);
        var second = first with { SchemaJson = """{"type":"object","required":["a"]}""", Version = 2, UpdatedAt = T0.AddSeconds(1) };

        Assert.True(await store.PutSchemaAsync(first, 0, Ct));
        Assert.False(await store.PutSchemaAsync(first, 0, Ct));
        Assert.True(await store.PutSchemaAsync(second, 1, Ct));
        Assert.False(await store.PutSchemaAsync(second with { Version = 3 }, 1, Ct));

        Assert.Equal(second, await store.GetSchemaAsync(ns, "agent", Ct));
        Assert.Null(await store.GetSchemaAsync(NewNamespace(), "agent", Ct));
    }

    [Fact]
    public async Task ListSchemasAsync_PagesByIdWithinTheNamespace()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        foreach (var id in (string[])["b", "a", "B", "c"])
        {
            Assert.True(await store.PutSchemaAsync(new StoredSchema(ns, id, $$"""{"title":"{{id}}"}""", 1, T0), 0, Ct));
        }

        Assert.True(await store.PutSchemaAsync(new StoredSchema(NewNamespace(), "a", "{}", 1, T0), 0, Ct));

        var first = await store.ListSchemasAsync(ns, null, 3, Ct);
        var rest = await store.ListSchemasAsync(ns, first[^1].Id, 3, Ct);

        Assert.Equal(["B", "a", "b"], first.Select(static s => s.Id));
        Assert.Equal(new StoredSchema(ns, "c", """{"title":"c"}""", 1, T0), Assert.Single(rest));
        Assert.Empty(await store.ListSchemasAsync(NewNamespace(), null, 3, Ct));
    }

    [Fact]
    public async Task DeleteSchemaAsync_Present_GoneFromGetAndList_OthersKept()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        await store.PutSchemaAsync(new StoredSchema(ns, "gone", "{}", 1, T0), 0, Ct);
        await store.PutSchemaAsync(new StoredSchema(ns, "kept", "{}", 1, T0), 0, Ct);

        Assert.True(await store.DeleteSchemaAsync(ns, "gone", Ct));
        Assert.False(await store.DeleteSchemaAsync(ns, "gone", Ct));

        Assert.Null(await store.GetSchemaAsync(ns, "gone", Ct));
        Assert.Equal(["kept"], (await store.ListSchemasAsync(ns, null, 10, Ct)).Select(static s => s.Id));
        Assert.True(await store.PutSchemaAsync(new StoredSchema(ns, "gone", "{}", 1, T0), 0, Ct));
    }

    [Fact]
    public async Task ListNamespacesAsync_NamespacesHoldingThreads_InOrderAfterTheCursor()
    {
        var store = await StoreAsync();
        var prefix = NewNamespace();
        foreach (var ns in (string[])[$"{prefix}-b", $"{prefix}-a", $"{prefix}-b", $"{prefix}-c"])
        {
            Assert.True(await store.CreateThreadAsync(NewThread(ns, NewThreadId()), [], Ct));
        }

        await store.PutSchemaAsync(new StoredSchema($"{prefix}-schema-only", "s", "{}", 1, T0), 0, Ct);

        var page = await store.ListNamespacesAsync($"{prefix}-", 2, Ct);
        var next = await store.ListNamespacesAsync(page[^1], 100, Ct);

        Assert.Equal([$"{prefix}-a", $"{prefix}-b"], page);
        Assert.Equal($"{prefix}-c", next[0]);
        Assert.DoesNotContain($"{prefix}-schema-only", next);
        Assert.All(next, ns => Assert.True(string.CompareOrdinal(ns, $"{prefix}-b") > 0));
    }
}
