using System.Text;
using System.Text.Json;
using Npgsql;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>
/// Deleting a thread erases it: after a delete through the grain, no table of the store's schema holds a row of the
/// thread. The test knows every table, so a table added without a check here fails it.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresEraseTests(PostgresDatabaseFixture database) : IAsyncLifetime
{
    // Every table of the schema, with the column that names the thread its rows belong to (null: rows of no thread).
    private static readonly Dictionary<string, string?> ThreadColumnByTable = new()
    {
        ["threads"] = "id",
        ["messages"] = "thread_id",
        ["idempotency"] = "thread_id",
        ["runs"] = "thread_id",
        ["checkpoints"] = "thread_id",
        ["files"] = "thread_id",
        ["schemas"] = null,
        ["schema_version"] = null,
    };

    private readonly PostgresGrainHost _host = new(database, "erase");
    private readonly string _ns = "t" + Guid.NewGuid().ToString("N")[..16];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Delete_ThreadWithEverything_LeavesNoRowInAnyTable()
    {
        var thread = _host.Grains.GetThread(_ns, "doomed");
        await thread.CreateAsync(new CreateThreadRequest { Messages = [NewMessage.FromText(MessageRole.System, "be brief")] }, Ct);
        await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "hi")] }, "key-1", Ct);
        await thread.ReplaceStateAsync(JsonDocument.Parse("""{"step":1}""").RootElement, cancellationToken: Ct);
        await thread.PutFileAsync("notes.md", "text/markdown", Encoding.UTF8.GetBytes("# notes"), Ct);
        var run = await thread.StartRunAsync(new StartRunRequest(), Ct);
        await thread.CheckpointAsync(run.RunId, new CheckpointRequest { Label = "one", Messages = [NewMessage.FromText(MessageRole.Assistant, "ok")] }, Ct);
        await thread.CheckpointAsync(run.RunId, new CheckpointRequest { Label = "two" }, Ct);
        var held = await thread.AcquireLockAsync(new AcquireLockRequest("agent", 60), Ct);
        var survivor = _host.Grains.GetThread(_ns, "survivor");
        await survivor.CreateAsync(new CreateThreadRequest { Messages = [NewMessage.FromText(MessageRole.User, "stay")] }, Ct);

        await using var dataSource = NpgsqlDataSource.Create(database.RequireConnectionString());
        var schema = database.Schema("erase");
        Assert.Equal(ThreadColumnByTable.Keys.Order(StringComparer.Ordinal), await TablesAsync(dataSource, schema));
        foreach (var (table, column) in ThreadColumnByTable.Where(static p => p.Value is not null))
        {
            // The setup wrote to every table that holds thread rows, or the check below would prove nothing.
            Assert.True(await CountAsync(dataSource, schema, table, column!, "doomed") > 0, $"The setup wrote no row to {table}.");
        }

        using (ThreadsRequestContext.WithLockToken(held.Token))
        {
            await thread.DeleteAsync(cancellationToken: Ct);
        }

        foreach (var (table, column) in ThreadColumnByTable.Where(static p => p.Value is not null))
        {
            Assert.True(await CountAsync(dataSource, schema, table, column!, "doomed") == 0, $"{table} still holds rows of the deleted thread.");
        }

        Assert.Equal(1, await CountAsync(dataSource, schema, "messages", "thread_id", "survivor"));
        await Assert.ThrowsAsync<NotFoundException>(() => thread.GetAsync(cancellationToken: Ct));
    }

    private static async Task<string[]> TablesAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name COLLATE \"C\"");
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            tables.Add(reader.GetString(0));
        }

        return [.. tables];
    }

    private async Task<long> CountAsync(NpgsqlDataSource dataSource, string schema, string table, string column, string threadId)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM \"{schema}\".\"{table}\" WHERE ns = $1 AND \"{column}\" = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = _ns });
        command.Parameters.Add(new NpgsqlParameter { Value = threadId });
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
