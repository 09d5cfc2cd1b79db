using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Postgres;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>
/// Which PostgreSQL failures are transient (503), which mean no space (507) and which stay bugs (500): the server's
/// SQLSTATEs as Npgsql reports them, and a real refused connection.
/// </summary>
public sealed class PostgresFaultClassificationTests : IAsyncDisposable
{
    // Nothing listens on port 1 of loopback: a connection attempt is refused at once.
    private readonly PostgresThreadStore _store = new(
        Options.Create(new PostgresStorageOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=threads;Timeout=2" }),
        NullLogger<PostgresThreadStore>.Instance);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    [Theory]
    [InlineData("53100", StorageFault.Full)]
    [InlineData("57P01", StorageFault.Unavailable)]
    [InlineData("57P02", StorageFault.Unavailable)]
    [InlineData("57P03", StorageFault.Unavailable)]
    [InlineData("53300", StorageFault.Unavailable)]
    [InlineData("40001", StorageFault.Unavailable)]
    [InlineData("40P01", StorageFault.Unavailable)]
    [InlineData("08006", StorageFault.Unavailable)]
    [InlineData("23505", StorageFault.None)]
    [InlineData("42P01", StorageFault.None)]
    public void Classify_ServerError_NamesTheFault(string sqlState, StorageFault expected)
    {
        var error = new PostgresException("refused", "FATAL", "FATAL", sqlState);

        Assert.Equal(expected, StorageFaults.Classify(_store, error));
    }

    [Fact]
    public void Classify_CommandTimeoutAndBrokenConnection_AreUnavailable()
    {
        Assert.Equal(StorageFault.Unavailable, StorageFaults.Classify(_store, new NpgsqlException("Exception while reading from stream", new TimeoutException())));
        Assert.Equal(StorageFault.Unavailable, StorageFaults.Classify(_store, new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
        Assert.Equal(StorageFault.None, StorageFaults.Classify(_store, new InvalidOperationException("a bug")));
        Assert.Equal(StorageFault.None, StorageFaults.Classify(_store, new NotFoundException("typed already")));
    }

    [Fact]
    public async Task ProbeWrites_NothingListening_ThrowsWhatClassifiesAsUnavailable()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => _store.ProbeWritesAsync(Ct));

        Assert.IsAssignableFrom<SocketException>(failure.InnerException);
        Assert.Equal(StorageFault.Unavailable, StorageFaults.Classify(_store, failure));
    }
}
