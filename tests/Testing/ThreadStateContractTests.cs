using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Threads.Grains;

namespace Threads.Testing;

/// <summary>The contract of a thread's state, schemas, lock and runs, whoever serves the grains.</summary>
public abstract class ThreadStateContractTests
{
    private const string AgentSchema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["mode"],
          "properties": {
            "mode": { "enum": ["chat", "plan"], "default": "chat" },
            "steps": { "type": "integer", "minimum": 0, "maximum": 10, "default": 0 },
            "name": { "type": "string", "minLength": 2, "maxLength": 20, "pattern": "^[A-Z]" },
            "kind": { "const": "agent" },
            "tags": { "type": "array", "items": { "type": "string", "maxLength": 5 } },
            "prefs": { "type": "object", "properties": { "theme": { "type": "string", "default": "dark" } } }
          }
        }
        """;

    protected string Ns { get; } = "s" + Guid.NewGuid().ToString("N")[..16];

    protected abstract IThreadsClient Grains { get; }

    protected abstract FakeTimeProvider Clock { get; }

    protected IThreadGrain Thread(string id) => Grains.GetThread(Ns, id);

    protected static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    protected async Task<IThreadGrain> WithSchemaAsync(string id)
    {
        await Grains.GetStateSchema(Ns, "agent").PutAsync(Json(AgentSchema));
        var thread = Thread(id);
        await thread.CreateAsync(new CreateThreadRequest { StateSchemaId = "agent" });
        return thread;
    }

    [Fact]
    public async Task GetState_NewThreadWithoutSchema_EmptyObjectAtVersion1()
    {
        await Thread("plain").CreateAsync(new CreateThreadRequest());

        var state = await Thread("plain").GetStateAsync();

        Assert.Equal("{}", state.State.GetRawText());
        Assert.Equal(1, state.Version);
    }

    [Fact]
    public async Task Create_WithSchema_StartsFromDefaults()
    {
        var thread = await WithSchemaAsync("defaults");

        var state = await thread.GetStateAsync();

        Assert.True(JsonElement.DeepEquals(Json("""{"mode":"chat","steps":0,"prefs":{"theme":"dark"}}"""), state.State));
        Assert.Equal("agent", (await thread.GetAsync()).StateSchemaId);
    }

    [Fact]
    public async Task Create_GivenStateMergedOverDefaults()
    {
        await Grains.GetStateSchema(Ns, "agent").PutAsync(Json(AgentSchema));

        await Thread("given").CreateAsync(new CreateThreadRequest { StateSchemaId = "agent", State = Json("""{"mode":"plan","name":"Guille"}""") });

        var state = (await Thread("given").GetStateAsync()).State;
        Assert.Equal("plan", state.GetProperty("mode").GetString());
        Assert.Equal("Guille", state.GetProperty("name").GetString());
        Assert.Equal(0, state.GetProperty("steps").GetInt32());
    }

    [Fact]
    public async Task Create_UnknownSchema_ThrowsInvalidArgumentAndCreatesNothing()
    {
        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() =>
            Thread("noschema").CreateAsync(new CreateThreadRequest { StateSchemaId = "missing" }));

        Assert.Contains(error.Errors, e => e.Path == "stateSchemaId");
        await Assert.ThrowsAsync<NotFoundException>(() => Thread("noschema").GetAsync());
    }

    [Fact]
    public async Task Create_StateBreaksSchema_ThrowsSchemaViolationAndCreatesNothing()
    {
        await Grains.GetStateSchema(Ns, "agent").PutAsync(Json(AgentSchema));

        var error = await Assert.ThrowsAsync<SchemaViolationException>(() =>
            Thread("broken").CreateAsync(new CreateThreadRequest { StateSchemaId = "agent", State = Json("""{"steps":99}""") }));

        Assert.Contains(error.Errors, e => e.Path == "state.steps");
        await Assert.ThrowsAsync<NotFoundException>(() => Thread("broken").GetAsync());
    }

    [Fact]
    public async Task ReplaceState_BreaksManyRules_ListsEveryFailingPathAndChangesNothing()
    {
        var thread = await WithSchemaAsync("many");
        var bad = Json("""{"mode":"dance","steps":-1,"name":"x","kind":"robot","tags":["ok","toolong"],"extra":true}""");

        var error = await Assert.ThrowsAsync<SchemaViolationException>(() => thread.ReplaceStateAsync(bad));

        var paths = error.Errors.Select(e => e.Path).ToHashSet();
        Assert.Contains("state.mode", paths);
        Assert.Contains("state.steps", paths);
        Assert.Contains("state.name", paths);
        Assert.Contains("state.kind", paths);
        Assert.Contains("state.tags[1]", paths);
        Assert.Contains("state.extra", paths);
        Assert.Equal(1, (await thread.GetStateAsync()).Version);
    }

    [Fact]
    public async Task ReplaceState_MissingRequired_NamesIt()
    {
        var thread = await WithSchemaAsync("required");

        var error = await Assert.ThrowsAsync<SchemaViolationException>(() => thread.ReplaceStateAsync(Json("""{"steps":1}""")));

        Assert.Contains(error.Errors, e => e.Path == "state.mode");
    }

    [Fact]
    public async Task ReplaceState_Valid_RaisesVersionAndReportsChangedKeys()
    {
        var thread = await WithSchemaAsync("replace");

        var result = await thread.ReplaceStateAsync(Json("""{"mode":"plan","steps":0,"name":"Ada"}"""));

        Assert.Equal(2, result.Version);
        Assert.Equal(["mode", "name", "prefs"], result.ChangedKeys);
        Assert.True(JsonElement.DeepEquals(result.State, (await thread.GetStateAsync()).State));
    }

    [Fact]
    public async Task PatchState_MergePatch_SetsRemovesAndReportsChangedKeys()
    {
        var thread = await WithSchemaAsync("patch");

        var result = await thread.PatchStateAsync(Json("""{"steps":3,"prefs":{"theme":null,"size":"l"},"mode":"chat"}"""));

        Assert.True(JsonElement.DeepEquals(Json("""{"mode":"chat","steps":3,"prefs":{"size":"l"}}"""), result.State));
        Assert.Equal(["prefs", "steps"], result.ChangedKeys);
        Assert.Equal(2, result.Version);
    }

    [Fact]
    public async Task PatchState_StaleVersion_ThrowsPreconditionFailedAndChangesNothing()
    {
        var thread = await WithSchemaAsync("stale");
        await thread.PatchStateAsync(Json("""{"steps":1}"""), expectedVersion: 1);

        await Assert.ThrowsAsync<PreconditionFailedException>(() => thread.PatchStateAsync(Json("""{"steps":2}"""), expectedVersion: 1));
        Assert.Equal(1, (await thread.GetStateAsync()).State.GetProperty("steps").GetInt32());
    }

    [Fact]
    public async Task PatchState_NotAnObject_ThrowsInvalidArgument()
    {
        await Thread("arr").CreateAsync(new CreateThreadRequest());

        await Assert.ThrowsAsync<InvalidArgumentException>(() => Thread("arr").PatchStateAsync(Json("[1]")));
    }

    [Fact]
    public async Task ReplaceState_OverSizeLimit_ThrowsPayloadTooLarge()
    {
        await Thread("big").CreateAsync(new CreateThreadRequest());
        var huge = Json($$"""{"blob":"{{new string('x', 300 * 1024)}}"}""");

        await Assert.ThrowsAsync<PayloadTooLargeException>(() => Thread("big").ReplaceStateAsync(huge));
        Assert.Equal(1, (await Thread("big").GetStateAsync()).Version);
    }

    [Fact]
    public async Task Clone_CopiesState()
    {
        var thread = await WithSchemaAsync("clonesrc");
        await thread.PatchStateAsync(Json("""{"steps":7}"""));

        var clone = await thread.CloneAsync(new CloneThreadRequest { Id = "clonedst" });

        Assert.Equal(7, (await Thread(clone.Id).GetStateAsync()).State.GetProperty("steps").GetInt32());
        Assert.Equal("agent", clone.StateSchemaId);
    }

    [Fact]
    public async Task Schema_PutInvalidDocument_ThrowsInvalidArgument() =>
        await Assert.ThrowsAsync<InvalidArgumentException>(() => Grains.GetStateSchema(Ns, "bad").PutAsync(Json("[1,2]")));

    [Theory]
    [InlineData("""{"properties": 3}""", "'properties'")]
    [InlineData("""{"type": "objekt"}""", "objekt")]
    [InlineData("""{"minimum": "a"}""", "'minimum'")]
    [InlineData("""{"pattern": "["}""", "pattern")]
    [InlineData("""{"$ref": "#/$defs/nope"}""", "resolve")]
    [InlineData("""{"$ref": "https://example.com/elsewhere.json"}""", "resolve")]
    public async Task Schema_PutUnusableDocument_SaysWhyWithoutTypeNames(string schema, string said)
    {
        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() => Grains.GetStateSchema(Ns, "unusable").PutAsync(Json(schema)));

        var field = Assert.Single(error.Errors);
        Assert.Equal("schema", field.Path);
        Assert.Contains(said, field.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", field.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Json.Schema", field.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetStateSchema(Ns, "unusable").GetAsync());
    }

    [Fact]
    public async Task Schema_ConstFormatRefAndUnknownKeywords_AreEvaluated()
    {
        await Grains.GetStateSchema(Ns, "rich").PutAsync(Json("""
            {
              "x-owner": "team-a",
              "type": "object",
              "$defs": { "day": { "type": "string", "format": "date" } },
              "properties": {
                "kind": { "const": "agent" },
                "due": { "$ref": "#/$defs/day" },
                "nested": { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer" } } }
              }
            }
            """));
        var thread = Thread("rich");
        await thread.CreateAsync(new CreateThreadRequest { StateSchemaId = "rich" });

        var error = await Assert.ThrowsAsync<SchemaViolationException>(() =>
            thread.ReplaceStateAsync(Json("""{"kind":"robot","due":"tomorrow","nested":{"id":1.5}}""")));
        var missing = await Assert.ThrowsAsync<SchemaViolationException>(() => thread.ReplaceStateAsync(Json("""{"nested":{}}""")));
        var valid = await thread.ReplaceStateAsync(Json("""{"kind":"agent","due":"2026-12-07","nested":{"id":2}}"""));

        Assert.Equal(["state.due", "state.kind", "state.nested.id"], error.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal("is not the allowed value", error.Errors.Single(e => e.Path == "state.kind").Message);
        Assert.Equal(("state.nested.id", "is required"), (Assert.Single(missing.Errors).Path, missing.Errors[0].Message));
        Assert.Equal(2, valid.Version);
    }

    [Fact]
    public async Task Schema_SameIdInTwoNamespaces_EachValidatesByItsOwn()
    {
        var otherNs = Ns + "b";
        await Grains.GetStateSchema(Ns, "shared").PutAsync(Json("""{"$id":"https://example.com/agent.json","type":"object","properties":{"n":{"type":"string"}}}"""));
        await Grains.GetStateSchema(otherNs, "shared").PutAsync(Json("""{"$id":"https://example.com/agent.json","type":"object","properties":{"n":{"type":"integer"}}}"""));
        await Thread("a").CreateAsync(new CreateThreadRequest { StateSchemaId = "shared" });
        await Grains.GetThread(otherNs, "b").CreateAsync(new CreateThreadRequest { StateSchemaId = "shared" });

        await Thread("a").ReplaceStateAsync(Json("""{"n":"text"}"""));
        await Grains.GetThread(otherNs, "b").ReplaceStateAsync(Json("""{"n":7}"""));

        await Assert.ThrowsAsync<SchemaViolationException>(() => Thread("a").ReplaceStateAsync(Json("""{"n":7}""")));
        await Assert.ThrowsAsync<SchemaViolationException>(() => Grains.GetThread(otherNs, "b").ReplaceStateAsync(Json("""{"n":"text"}""")));
    }

    [Fact]
    public async Task Schema_Delete_GoneThenNotFoundThreadsNamingItRefuseStateChanges()
    {
        await Grains.GetStateSchema(Ns, "short-lived").PutAsync(Json(AgentSchema));
        var thread = Thread("schema-gone");
        await thread.CreateAsync(new CreateThreadRequest { StateSchemaId = "short-lived" });

        await Grains.GetStateSchema(Ns, "short-lived").DeleteAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetStateSchema(Ns, "short-lived").GetAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetStateSchema(Ns, "short-lived").DeleteAsync());
        Assert.Equal("chat", (await thread.GetStateAsync()).State.GetProperty("mode").GetString());
        await Assert.ThrowsAsync<InvalidArgumentException>(() => thread.PatchStateAsync(Json("""{"steps":1}""")));
        await Grains.GetStateSchema(Ns, "short-lived").PutAsync(Json(AgentSchema));
        Assert.Equal(1, (await thread.PatchStateAsync(Json("""{"steps":1}"""))).State.GetProperty("steps").GetInt32());
    }

    [Fact]
    public async Task Schema_GetMissing_ThrowsNotFound() =>
        await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetStateSchema(Ns, "none").GetAsync());

    [Fact]
    public async Task Schema_Replace_AppliesFromTheNextStateChange()
    {
        var thread = await WithSchemaAsync("evolve");
        await thread.PatchStateAsync(Json("""{"steps":9}"""));

        var replaced = await Grains.GetStateSchema(Ns, "agent").PutAsync(Json("""{"type":"object","properties":{"steps":{"type":"integer","maximum":5}}}"""));

        Assert.Equal(2, replaced.Version);
        // The stored state is not revalidated; it stays readable as it is.
        Assert.Equal(9, (await thread.GetStateAsync()).State.GetProperty("steps").GetInt32());
        await Assert.ThrowsAsync<SchemaViolationException>(() => thread.PatchStateAsync(Json("""{"steps":6}""")));
        Assert.Equal(4, (await thread.PatchStateAsync(Json("""{"steps":4}"""))).State.GetProperty("steps").GetInt32());
    }

    [Fact]
    public async Task Lock_AcquireFree_GetsTokenAndBlocksOthers()
    {
        await Thread("lk").CreateAsync(new CreateThreadRequest());

        var held = await Thread("lk").AcquireLockAsync(new AcquireLockRequest("agent-1", 60));
        var error = await Assert.ThrowsAsync<LockedException>(() => Thread("lk").AcquireLockAsync(new AcquireLockRequest("ui", 60)));

        Assert.Equal(1, held.Token);
        Assert.Equal(Clock.GetUtcNow().AddSeconds(60), held.ExpiresAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal("agent-1", error.Holder);
    }

    [Fact]
    public async Task GetLock_HeldThenLapsedOrReleased_HolderAndExpiryThenNotFound()
    {
        var thread = Thread("see");
        await thread.CreateAsync(new CreateThreadRequest());
        await Assert.ThrowsAsync<NotFoundException>(() => thread.GetLockAsync());

        var held = await thread.AcquireLockAsync(new AcquireLockRequest("agent-1", 60));
        Assert.Equal(new LockStatus("agent-1", held.ExpiresAt), await thread.GetLockAsync());

        Clock.Advance(TimeSpan.FromSeconds(61));
        await Assert.ThrowsAsync<NotFoundException>(() => thread.GetLockAsync());

        var again = await thread.AcquireLockAsync(new AcquireLockRequest("agent-2", 60));
        Assert.Equal("agent-2", (await thread.GetLockAsync()).Holder);
        await thread.ReleaseLockAsync(again.Token);
        await Assert.ThrowsAsync<NotFoundException>(() => thread.GetLockAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => Thread("no-such-thread").GetLockAsync());
    }

    [Fact]
    public async Task Lock_SameHolderRenews_KeepsTokenExtendsExpiry()
    {
        await Thread("renew").CreateAsync(new CreateThreadRequest());
        var first = await Thread("renew").AcquireLockAsync(new AcquireLockRequest("agent", 30));
        Clock.Advance(TimeSpan.FromSeconds(20));

        var renewed = await Thread("renew").AcquireLockAsync(new AcquireLockRequest("agent", 30));

        Assert.Equal(first.Token, renewed.Token);
        Assert.True(renewed.ExpiresAt > first.ExpiresAt);
    }

    [Fact]
    public async Task Lock_Held_WritesWithoutTokenRefusedWithTokenAccepted()
    {
        var thread = Thread("guarded");
        await thread.CreateAsync(new CreateThreadRequest { Messages = [NewMessage.FromText(MessageRole.User, "one")] });
        var held = await thread.AcquireLockAsync(new AcquireLockRequest("agent", 60));

        await Assert.ThrowsAsync<LockedException>(() => thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "x")] }));
        await Assert.ThrowsAsync<LockedException>(() => thread.UpdateAsync(new UpdateThreadRequest { Title = "x" }));
        await Assert.ThrowsAsync<LockedException>(() => thread.PatchStateAsync(Json("""{"a":1}""")));
        await Assert.ThrowsAsync<LockedException>(() => thread.TrimAsync(new TrimRequest(0)));
        await Assert.ThrowsAsync<LockedException>(() => thread.DeleteAsync());
        await Assert.ThrowsAsync<LockedException>(() => thread.StartRunAsync(new StartRunRequest()));
        var unchanged = await thread.GetAsync();
        Assert.Equal((1L, (string?)null), (unchanged.LastSeq, unchanged.Title));

        using (ThreadsRequestContext.WithLockToken(held.Token))
        {
            await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "two")] });
            await thread.UpdateAsync(new UpdateThreadRequest { Title = "locked work" });
        }

        var after = await thread.GetAsync();
        Assert.Equal((2L, "locked work"), (after.LastSeq, after.Title));
    }

    [Fact]
    public async Task Lock_TokenGrows_OldTokenFencedOffAfterLockMovedOn()
    {
        var thread = Thread("fence");
        await thread.CreateAsync(new CreateThreadRequest());
        var first = await thread.AcquireLockAsync(new AcquireLockRequest("a", 10));
        Clock.Advance(TimeSpan.FromSeconds(11));
        var second = await thread.AcquireLockAsync(new AcquireLockRequest("b", 10));

        Assert.True(second.Token > first.Token);
        using (ThreadsRequestContext.WithLockToken(first.Token))
        {
            await Assert.ThrowsAsync<LockedException>(() => thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "late")] }));
            await thread.ReleaseLockAsync(second.Token);
            // Even with the lock free, the stale token stays refused.
            await Assert.ThrowsAsync<LockedException>(() => thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "late")] }));
        }

        await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "free")] });
        Assert.Equal(1, (await thread.GetAsync()).LastSeq);
        var third = await thread.AcquireLockAsync(new AcquireLockRequest("c", 10));
        Assert.True(third.Token > second.Token);
    }

    [Fact]
    public async Task Lock_ReleaseWithOtherToken_ThrowsLocked()
    {
        await Thread("rel").CreateAsync(new CreateThreadRequest());
        var held = await Thread("rel").AcquireLockAsync(new AcquireLockRequest("a", 60));

        await Assert.ThrowsAsync<LockedException>(() => Thread("rel").ReleaseLockAsync(held.Token + 5));
        await Thread("rel").ReleaseLockAsync(held.Token);
        await Thread("rel").ReleaseLockAsync(held.Token);

        Assert.Equal("b", (await Thread("rel").AcquireLockAsync(new AcquireLockRequest("b", 60))).Holder);
    }

    [Fact]
    public async Task Lock_RacingHolders_ExactlyOneWins()
    {
        await Thread("race").CreateAsync(new CreateThreadRequest());

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                return await Thread("race").AcquireLockAsync(new AcquireLockRequest($"h{i}", 60));
            }
            catch (LockedException)
            {
                return null;
            }
        })));

        Assert.Single(attempts, a => a is not null);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86_401)]
    public async Task Lock_TtlOutOfRange_ThrowsInvalidArgument(int ttl)
    {
        await Thread($"ttl{ttl}").CreateAsync(new CreateThreadRequest());

        await Assert.ThrowsAsync<InvalidArgumentException>(() => Thread($"ttl{ttl}").AcquireLockAsync(new AcquireLockRequest("a", ttl)));
    }

    [Fact]
    public async Task Run_StartCheckpointComplete_RecordsEverything()
    {
        var thread = await WithSchemaAsync("run");
        var started = await thread.StartRunAsync(new StartRunRequest { RunId = "r1", TtlSeconds = 60 });
        Clock.Advance(TimeSpan.FromSeconds(30));

        var checkpoint = await thread.CheckpointAsync("r1", new CheckpointRequest
        {
            Label = "after tool",
            Messages = [NewMessage.FromText(MessageRole.Assistant, "calling weather"), NewMessage.FromText(MessageRole.Tool, "21C")],
            StatePatch = Json("""{"steps":1}"""),
        });
        var completed = await thread.CompleteRunAsync("r1");

        Assert.Equal(RunStatus.Running, started.Status);
        Assert.Equal(started.StartedAt.AddSeconds(60), started.LeaseExpiresAt);
        Assert.Equal(Clock.GetUtcNow().AddSeconds(60), checkpoint.LeaseExpiresAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(new CheckpointInfo("after tool", 2, 2, checkpoint.LastCheckpoint!.CreatedAt), checkpoint.LastCheckpoint);
        Assert.Equal(RunStatus.Completed, completed.Status);
        var messages = await thread.GetMessagesAsync(new MessageQuery { RunId = "r1" });
        Assert.Equal(2, messages.Messages.Count);
        Assert.Equal(1, (await thread.GetStateAsync()).State.GetProperty("steps").GetInt32());
        var read = await thread.GetRunAsync("r1");
        Assert.Equal(RunStatus.Completed, read.Status);
        Assert.Single(read.Checkpoints!);
        await Assert.ThrowsAsync<ConflictException>(() => thread.CompleteRunAsync("r1"));
    }

    [Fact]
    public async Task Run_CheckpointWithInvalidMessage_WritesNothing()
    {
        var thread = await WithSchemaAsync("atomic");
        await thread.StartRunAsync(new StartRunRequest { RunId = "r1" });
        var bad = new NewMessage { Role = new MessageRole("robot"), Content = [new TextPart("x")] };

        await Assert.ThrowsAsync<InvalidArgumentException>(() => thread.CheckpointAsync("r1", new CheckpointRequest
        {
            Messages = [NewMessage.FromText(MessageRole.Assistant, "ok"), bad],
            StatePatch = Json("""{"steps":2}"""),
        }));

        Assert.Equal(0, (await thread.GetAsync()).LastSeq);
        Assert.Equal(1, (await thread.GetStateAsync()).Version);
        Assert.Empty((await thread.GetRunAsync("r1")).Checkpoints!);
    }

    [Fact]
    public async Task Run_CheckpointPatchBreaksSchema_WritesNothing()
    {
        var thread = await WithSchemaAsync("atomic2");
        await thread.StartRunAsync(new StartRunRequest { RunId = "r1" });

        await Assert.ThrowsAsync<SchemaViolationException>(() => thread.CheckpointAsync("r1", new CheckpointRequest
        {
            Messages = [NewMessage.FromText(MessageRole.Assistant, "ok")],
            StatePatch = Json("""{"steps":100}"""),
        }));

        Assert.Equal(0, (await thread.GetAsync()).LastSeq);
        Assert.Empty((await thread.GetRunAsync("r1")).Checkpoints!);
    }

    [Fact]
    public async Task Run_LeaseLapsed_ReadsInterruptedAndResumesFromLastCheckpoint()
    {
        var thread = await WithSchemaAsync("crash");
        await thread.StartRunAsync(new StartRunRequest { RunId = "r1", TtlSeconds = 30 });
        await thread.CheckpointAsync("r1", new CheckpointRequest { Label = "step-1", Messages = [NewMessage.FromText(MessageRole.Assistant, "a")] });
        Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(RunStatus.Interrupted, (await thread.GetRunAsync("r1")).Status);
        await Assert.ThrowsAsync<ConflictException>(() => thread.CheckpointAsync("r1", new CheckpointRequest { Label = "zombie" }));
        var resumed = await thread.ResumeRunAsync("r1");

        Assert.Equal(RunStatus.Running, resumed.Status);
        Assert.Equal("step-1", resumed.LastCheckpoint!.Label);
        Assert.Equal(1, resumed.LastCheckpoint.Seq);
        Assert.Equal(Clock.GetUtcNow().AddSeconds(30), resumed.LeaseExpiresAt, TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<ConflictException>(() => thread.ResumeRunAsync("r1"));
    }

    [Fact]
    public async Task Run_ListByStatus_NewestFirstWithPaging()
    {
        var thread = Thread("runlist");
        await thread.CreateAsync(new CreateThreadRequest());
        for (var i = 0; i < 5; i++)
        {
            await thread.StartRunAsync(new StartRunRequest { RunId = $"r{i}", TtlSeconds = i < 2 ? 5 : 3600 });
            Clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        await thread.FailRunAsync("r4", new EndRunRequest("boom"));
        Clock.Advance(TimeSpan.FromSeconds(10));

        var all = await thread.ListRunsAsync(new RunListQuery { Limit = 2 });
        var next = await thread.ListRunsAsync(new RunListQuery { Limit = 2, Cursor = all.NextCursor });
        var interrupted = await thread.ListRunsAsync(new RunListQuery { Status = RunStatus.Interrupted });
        var running = await thread.ListRunsAsync(new RunListQuery { Status = RunStatus.Running });
        var failed = await thread.ListRunsAsync(new RunListQuery { Status = RunStatus.Failed });

        Assert.Equal(["r4", "r3"], all.Runs.Select(r => r.RunId));
        Assert.Equal(["r2", "r1"], next.Runs.Select(r => r.RunId));
        Assert.Equal(["r1", "r0"], interrupted.Runs.Select(r => r.RunId));
        Assert.Equal(["r3", "r2"], running.Runs.Select(r => r.RunId));
        Assert.Equal("boom", Assert.Single(failed.Runs).Error);
    }

    [Fact]
    public async Task Run_StartWithoutTtl_LeaseIsTheDefault()
    {
        await Thread("defttl").CreateAsync(new CreateThreadRequest());

        var started = await Thread("defttl").StartRunAsync(new StartRunRequest());

        Assert.Equal(started.StartedAt.AddSeconds(StartRunRequest.DefaultTtlSeconds), started.LeaseExpiresAt);
        Assert.Matches("^run_[0-9a-f]{24}$", started.RunId);
    }

    [Fact]
    public async Task Run_DuplicateId_ThrowsAlreadyExists()
    {
        await Thread("dup").CreateAsync(new CreateThreadRequest());
        await Thread("dup").StartRunAsync(new StartRunRequest { RunId = "same" });

        await Assert.ThrowsAsync<AlreadyExistsException>(() => Thread("dup").StartRunAsync(new StartRunRequest { RunId = "same" }));
    }

    [Fact]
    public async Task Run_Unknown_ThrowsNotFound()
    {
        await Thread("nor").CreateAsync(new CreateThreadRequest());

        await Assert.ThrowsAsync<NotFoundException>(() => Thread("nor").GetRunAsync("nope"));
    }
}
