using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Threads.Grains.Idempotency;
using Threads.Grains.Storage.Memory;
using Threads.Grains.Threads;
using Threads.Testing;

namespace Threads.Grains.Tests.Idempotency;

/// <summary>The one reading of idempotency records: the hash, the window, the conflict and the purge.</summary>
public sealed class IdempotencyRecordsTests
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly MemoryThreadStore _store = new();
    private readonly FakeTimeProvider _time = TestClock.Create();
    private readonly IdempotencyRecords _records;

    public IdempotencyRecordsTests() =>
        _records = new IdempotencyRecords(_store, _time, Options.Create(new ThreadLimitsOptions { IdempotencyWindow = Window }));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Hash_ScopeThenBody_IsSha256OfBothInLowerHex()
    {
        // Records already stored were hashed so: a change of form would turn their retries into conflicts.
        var body = """{"title":"a"}"""u8.ToArray();
        var expected = Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes("POST /v1/namespaces/n/threads\n"), .. body]));

        Assert.Equal(expected, IdempotencyRecords.Hash("POST /v1/namespaces/n/threads\n", body));
        Assert.NotEqual(expected, IdempotencyRecords.Hash("POST /v1/namespaces/m/threads\n", body));
    }

    [Fact]
    public void Scoped_UserOrNone_PrefixesTheUserOnly()
    {
        Assert.Equal("k1", IdempotencyRecords.Scoped("k1", null));
        Assert.Equal("u1 k1", IdempotencyRecords.Scoped("k1", "u1"));
    }

    [Fact]
    public async Task Find_NoRecord_ReturnsNull() =>
        Assert.Null(await _records.FindAsync("n", "k", "h", Ct));

    [Fact]
    public async Task Find_SameRequestWithinWindow_ReturnsTheRecord()
    {
        var kept = _records.Create("n", "k", "h", "t1", 201, """{"id":"t1"}""");
        Assert.True(await _records.TryKeepAsync(kept, Ct));
        _time.Advance(Window - TimeSpan.FromSeconds(1));

        Assert.Equal(kept, await _records.FindAsync("n", "k", "h", Ct));
    }

    [Fact]
    public async Task Find_OtherRequest_ThrowsConflictNamingTheCallersKey()
    {
        await _records.TryKeepAsync(_records.Create("n", "u1 k", "h", "t1", 201, "{}"), Ct);

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => _records.FindAsync("n", "u1 k", "other", Ct));

        Assert.Equal("Idempotency key 'k' was used with a different request.", conflict.Message);
    }

    [Fact]
    public async Task Find_Expired_ReturnsNullAndFreesTheKey()
    {
        await _records.TryKeepAsync(_records.Create("n", "k", "h", "t1", 201, "{}"), Ct);
        _time.Advance(Window + TimeSpan.FromSeconds(1));

        Assert.Null(await _records.FindAsync("n", "k", "other", Ct));
        Assert.Null(await _store.GetIdempotencyAsync("n", "k", Ct));
        Assert.True(await _records.TryKeepAsync(_records.Create("n", "k", "other", "t2", 201, "{}"), Ct));
    }

    [Fact]
    public async Task PurgeExpired_OldAndNewRecords_DeletesOnlyTheExpired()
    {
        await _records.TryKeepAsync(_records.Create("n", "old", "h", null, 200, "{}"), Ct);
        await _records.TryKeepAsync(_records.Create("m", "old", "h", null, 200, "{}"), Ct);
        _time.Advance(Window + TimeSpan.FromSeconds(1));
        await _records.TryKeepAsync(_records.Create("n", "new", "h", null, 200, "{}"), Ct);

        Assert.Equal(2, await _records.PurgeExpiredAsync(Ct));
        Assert.Null(await _store.GetIdempotencyAsync("n", "old", Ct));
        Assert.NotNull(await _store.GetIdempotencyAsync("n", "new", Ct));
    }
}
