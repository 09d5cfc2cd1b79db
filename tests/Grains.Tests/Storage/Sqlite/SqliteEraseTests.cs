using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Sqlite;

namespace Threads.Grains.Tests.Storage.Sqlite;

/// <summary>Deleting a thread leaves nothing of it in any table of the database.</summary>
public sealed class SqliteEraseTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeleteThread_EverythingItHeld_NoRowOfItRemainsInAnyTable()
    {
        await using var host = new SqliteGrainHost(database);
        var ns = "erase-" + Guid.NewGuid().ToString("N")[..12];
        var id = Identifiers.NewThreadId();
        const string Secret = "the-secret-only-this-thread-knows";
        var word = "erase" + Guid.NewGuid().ToString("N");
        var thread = host.Grains.GetThread(ns, id);
        await host.Grains.GetStateSchema(ns, "s").PutAsync(JsonDocument.Parse("""{"type":"object"}""").RootElement, Ct);
        await thread.CreateAsync(new CreateThreadRequest { StateSchemaId = "s", Title = Secret, Messages = [NewMessage.FromText(MessageRole.User, Secret)] }, Ct);
        await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.Assistant, $"{Secret} {word}")] }, "idem-" + id, Ct);
        await thread.PatchStateAsync(JsonDocument.Parse($$"""{"note":"{{Secret}}"}""").RootElement, cancellationToken: Ct);
        await thread.PutFileAsync("notes.txt", "text/plain", Encoding.UTF8.GetBytes(Secret), Ct);
        await thread.StartRunAsync(new StartRunRequest { RunId = "run-1", Metadata = new Dictionary<string, string> { ["why"] = Secret } }, Ct);
        await thread.CheckpointAsync("run-1", new CheckpointRequest { Label = Secret, Messages = [NewMessage.FromText(MessageRole.Tool, Secret)] }, Ct);
        var held = await thread.AcquireLockAsync(new AcquireLockRequest(Secret, 60), Ct);
        var store = (SqliteThreadStore)host.Services.GetRequiredService<IThreadStore>();
        Assert.NotEmpty(await RowsMentioningAsync(store, id, Secret));

        // The writer folds the log's tail into the search index a second after writes pause, on the host's clock. The
        // clock moves on until the fold is seen: the writer thread may not have gone idle yet when it is first moved.
        for (var tries = 0; IndexedDocuments(word) == 0 && tries < 200; tries++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, Ct);
        }

        Assert.Equal(1, IndexedDocuments(word));

        using (ThreadsRequestContext.WithLockToken(held.Token))
        {
            await thread.DeleteAsync(cancellationToken: Ct);
        }

        Assert.Empty(await RowsMentioningAsync(store, id, Secret));
        Assert.Equal(0, IndexedDocuments(word));
    }

    /// <summary>How many messages the search index holds <paramref name="term"/> for, read from the index's own terms (fts5vocab), not through a search.</summary>
    private long IndexedDocuments(string term)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, messages_search, 'row'); SELECT coalesce(sum(doc), 0) FROM temp.search_terms WHERE term = $term";
        command.Parameters.AddWithValue("$term", term);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Every row of every table (sqlite_master lists them all) whose text or bytes mention the thread or its secret.</summary>
    private static Task<List<string>> RowsMentioningAsync(SqliteThreadStore store, string threadId, string secret) =>
        store.ReadRawAsync(connection =>
        {
            var tables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            Assert.Superset(new HashSet<string> { "threads", "messages", "idempotency", "runs", "checkpoints", "files", "schemas", "schema_version" }, tables.ToHashSet());
            var found = new List<string>();
            foreach (var table in tables)
            {
                using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\"";
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var text = reader.GetValue(i) switch
                        {
                            string s => s,
                            byte[] bytes => Encoding.UTF8.GetString(bytes),
                            _ => null,
                        };
                        if (text is not null && (text.Contains(threadId, StringComparison.Ordinal) || text.Contains(secret, StringComparison.Ordinal)))
                        {
                            found.Add($"{table}.{reader.GetName(i)}");
                        }
                    }
                }
            }

            return found;
        }, Ct);
}
