using System.Text;
using Threads.Grains.Storage;

namespace Threads.Grains.Tests.Storage;

/// <summary>The store rules for a thread's files.</summary>
public abstract partial class ThreadStoreConformanceTests
{
    [Fact]
    public async Task Files_PutListGetDelete_ConditionalOnETag()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var thread = NewThread(ns, id);
        await store.CreateThreadAsync(thread, [], Ct);
        byte[] bytes = [0, 1, 2, 255, 0];
        var b = NewFile("b.bin", bytes);
        var a = NewFile("a.txt", Encoding.UTF8.GetBytes("hello"));

        Assert.True(await store.PutFileAsync(thread with { ETag = 2 }, 1, b, Ct));
        Assert.False(await store.PutFileAsync(thread with { ETag = 3 }, 1, a, Ct));
        Assert.True(await store.PutFileAsync(thread with { ETag = 3 }, 2, a, Ct));

        Assert.Equal([a.Info, b.Info], await store.ListFilesAsync(ns, id, Ct));
        var read = await store.GetFileAsync(ns, id, "b.bin", Ct);
        Assert.Equal(bytes, read!.Content);
        Assert.Equal(b.Info, read.Info);
        Assert.Equal(3, (await store.GetETagAsync(ns, id, Ct))!.Value);

        var replaced = NewFile("b.bin", [9]);
        Assert.True(await store.PutFileAsync(thread with { ETag = 4 }, 3, replaced, Ct));
        Assert.Equal([9], (await store.GetFileAsync(ns, id, "b.bin", Ct))!.Content);
        Assert.False(await store.DeleteFileAsync(thread with { ETag = 5 }, 3, "b.bin", Ct));
        Assert.True(await store.DeleteFileAsync(thread with { ETag = 5 }, 4, "b.bin", Ct));
        Assert.Null(await store.GetFileAsync(ns, id, "b.bin", Ct));
        Assert.Null(await store.GetFileAsync(NewNamespace(), id, "a.txt", Ct));
    }

    protected static StoredFile NewFile(string filename, byte[] content) =>
        new(new ThreadFileInfo(Identifiers.NewFileId(), filename, content.Length, "application/octet-stream", T0), content);
}
