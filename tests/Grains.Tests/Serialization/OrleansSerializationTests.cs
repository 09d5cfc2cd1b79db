using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Threads.Grains.Tests.Serialization;

/// <summary>
/// Every contract type crosses Orleans' serializer (between silos, and to clients) and its deep copier (calls within a
/// silo) unchanged: the same types, the same values, JSON members with their raw text byte for byte, and the typed
/// errors with their code, message and failing fields.
/// </summary>
public sealed class OrleansSerializationTests : IDisposable
{
    // Odd on purpose: spaces and a line break, 1.50 and -0.0 and 1E+2 as written, keys out of order, escapes, non-ASCII
    // text, HTML-sensitive characters and an empty object; a reformatting or re-escaping codec changes some of it.
    private const string OddJson = "{ \"z\" : 1.50,\n  \"a\":[1E+2, -0.0, \"caf\\u00e9 \\\"q\\\" \\/ é <b>&amp;</b>\"], \"m\" : {} , \"emoji\":\"😀\" }";

    private const string StateJson = """{"b":1,"a":[1.50,"x"]}""";

    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private readonly Serializer _serializer;
    private readonly DeepCopier _copier;

    public OrleansSerializationTests()
    {
        _services = new ServiceCollection()
            .AddSerializer(builder => builder.AddThreadsSerialization())
            .BuildServiceProvider();
        _serializer = _services.GetRequiredService<Serializer>();
        _copier = _services.GetRequiredService<DeepCopier>();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void ThreadInfo_RoundTrip_KeepsEveryFieldWithMetadataAndMessages()
    {
        var thread = NewThread();

        AssertThread(thread, RoundTrip(thread));
        AssertThread(thread, _copier.Copy(thread));
    }

    [Fact]
    public void ThreadInfo_WithoutOptionalFields_RoundTripsAsNullsAndEmptyMetadata()
    {
        var thread = new ThreadInfo { Id = "thread_2", Namespace = "default", CreatedAt = Created, UpdatedAt = Created, Version = 1 };

        var copy = RoundTrip(thread);

        Assert.Equal("thread_2", copy.Id);
        Assert.Null(copy.ResourceId);
        Assert.Null(copy.Parent);
        Assert.Null(copy.Messages);
        Assert.NotNull(copy.Metadata);
        Assert.Empty(copy.Metadata);
    }

    [Fact]
    public void AppendMessagesRequest_RoundTrip_KeepsEveryContentPartAndRawJson()
    {
        var request = NewAppendRequest();

        AssertAppendRequest(request, RoundTrip(request));
        AssertAppendRequest(request, _copier.Copy(request));
    }

    [Fact]
    public void AppendMessagesResult_RoundTrip_KeepsStoredMessages()
    {
        var result = new AppendMessagesResult([NewStoredMessage(7), NewStoredMessage(8)], 8);

        var copy = RoundTrip(result);

        Assert.Equal(8, copy.LastSeq);
        Assert.Equal(2, copy.Messages.Count);
        AssertMessage(result.Messages[0], copy.Messages[0]);
        AssertMessage(result.Messages[1], copy.Messages[1]);
    }

    [Fact]
    public void ThreadStateSnapshot_RoundTrip_KeepsStateTextByteForByte()
    {
        var snapshot = new ThreadStateSnapshot(Json(StateJson), 42);

        var copy = RoundTrip(snapshot);
        var copied = _copier.Copy(snapshot);

        Assert.Equal(StateJson, copy.State.GetRawText());
        Assert.Equal(42, copy.Version);
        Assert.Equal(StateJson, copied.State.GetRawText());
        Assert.Equal(42, copied.Version);
    }

    [Fact]
    public void StateChangeResult_RoundTrip_KeepsOddJsonAndChangedKeys()
    {
        var change = new StateChangeResult(Json(OddJson), 3, ["z", "a"]);

        var copy = RoundTrip(change);

        Assert.Equal(OddJson, copy.State.GetRawText());
        Assert.Equal(3, copy.Version);
        Assert.Equal(["z", "a"], copy.ChangedKeys);
    }

    [Fact]
    public void JsonValues_RoundTrip_KeepRawText()
    {
        var element = Json(OddJson);
        using var document = JsonDocument.Parse(OddJson);
        var node = JsonNode.Parse(StateJson)!;

        Assert.Equal(OddJson, RoundTrip(element).GetRawText());
        Assert.Equal(OddJson, _copier.Copy(element).GetRawText());
        using var documentCopy = RoundTrip(document);
        Assert.Equal(OddJson, documentCopy.RootElement.GetRawText());
        Assert.Equal(StateJson, RoundTrip(node).ToJsonString());
        Assert.Equal(StateJson, _copier.Copy(node).ToJsonString());
        JsonElement? nullable = Json("[1.50]");
        Assert.Equal("[1.50]", RoundTrip(nullable)!.Value.GetRawText());
        Assert.Null(RoundTrip<JsonElement?>(null));
    }

    [Fact]
    public void RunInfo_RoundTrip_KeepsStatusMetadataAndCheckpoints()
    {
        var run = new RunInfo
        {
            RunId = "run_1",
            Status = RunStatus.Failed,
            StartedAt = Created,
            LeaseExpiresAt = Created.AddMinutes(5),
            EndedAt = Created.AddMinutes(1),
            Error = "tool crashed",
            Metadata = new Dictionary<string, string> { ["agent"] = "planner" },
            LastCheckpoint = new CheckpointInfo("after tool", 4, 2, Created.AddSeconds(30)),
            Checkpoints = [new CheckpointInfo("started", 1, 1, Created), new CheckpointInfo(null, 4, 2, Created.AddSeconds(30))],
        };

        foreach (var copy in new[] { RoundTrip(run), _copier.Copy(run) })
        {
            Assert.Equal("run_1", copy.RunId);
            Assert.Equal(RunStatus.Failed, copy.Status);
            Assert.Equal(Created, copy.StartedAt);
            Assert.Equal(Created.AddMinutes(5), copy.LeaseExpiresAt);
            Assert.Equal(Created.AddMinutes(1), copy.EndedAt);
            Assert.Equal("tool crashed", copy.Error);
            Assert.Equal("planner", Assert.Single(copy.Metadata!).Value);
            Assert.Equal(run.LastCheckpoint, copy.LastCheckpoint);
            Assert.Equal(run.Checkpoints, copy.Checkpoints!);
        }
    }

    [Fact]
    public void RunPage_RoundTrip_KeepsRunsAndCursor()
    {
        var page = new RunPage([new RunInfo { RunId = "run_2", Status = RunStatus.Interrupted, StartedAt = Created, LeaseExpiresAt = Created }], "next");

        var copy = RoundTrip(page);

        Assert.Equal("next", copy.NextCursor);
        var run = Assert.Single(copy.Runs);
        Assert.Equal(RunStatus.Interrupted, run.Status);
        Assert.Null(run.Checkpoints);
    }

    [Fact]
    public void ThreadFile_RoundTrip_KeepsInfoAndBytes()
    {
        var file = new ThreadFile(new ThreadFileInfo("file_1", "notes.bin", 4, "application/octet-stream", Created), [0, 1, 254, 255]);

        var copy = RoundTrip(file);
        var copied = _copier.Copy(file);

        Assert.Equal(file.Info, copy.Info);
        Assert.Equal(file.Content, copy.Content);
        Assert.Equal(file.Info, copied.Info);
        Assert.Equal(file.Content, copied.Content);
        Assert.NotSame(file.Content, copied.Content);
    }

    [Fact]
    public void ThreadImport_RoundTrip_KeepsThreadMessagesStateAndFiles()
    {
        var import = new ThreadImport
        {
            Thread = NewThread(),
            Messages = [NewStoredMessage(1)],
            State = Json(StateJson),
            StateVersion = 9,
            Files = [new ThreadFile(new ThreadFileInfo("file_2", "a.txt", 1, "text/plain", Created), [65])],
        };

        var copy = RoundTrip(import);

        AssertThread(import.Thread, copy.Thread);
        AssertMessage(import.Messages[0], Assert.Single(copy.Messages));
        Assert.Equal(StateJson, copy.State!.Value.GetRawText());
        Assert.Equal(9, copy.StateVersion);
        Assert.Equal([65], Assert.Single(copy.Files).Content);
    }

    [Fact]
    public void ThreadEvent_RoundTrip_KeepsEveryFieldAndData()
    {
        var threadEvent = new ThreadEvent
        {
            Id = 17,
            Type = ThreadEventTypes.StateChanged,
            Namespace = "default",
            ThreadId = "thread_1",
            ResourceId = "doc_1",
            UserId = "u1",
            CreatedAt = Created,
            Data = Json(OddJson),
        };

        foreach (var copy in new[] { RoundTrip(threadEvent), _copier.Copy(threadEvent) })
        {
            Assert.Equal(17, copy.Id);
            Assert.Equal(ThreadEventTypes.StateChanged, copy.Type);
            Assert.Equal("default", copy.Namespace);
            Assert.Equal("thread_1", copy.ThreadId);
            Assert.Equal("doc_1", copy.ResourceId);
            Assert.Equal("u1", copy.UserId);
            Assert.Equal(Created, copy.CreatedAt);
            Assert.Equal(OddJson, copy.Data!.Value.GetRawText());
        }
    }

    [Fact]
    public void Requests_RoundTrip_KeepTheirFields()
    {
        var create = new CreateThreadRequest
        {
            ResourceId = "doc_1",
            UserId = "u1",
            Title = "t",
            Metadata = new Dictionary<string, string> { ["k"] = "v" },
            Hidden = true,
            StateSchemaId = "s1",
            State = Json(StateJson),
            Messages = [NewMessage.FromText(MessageRole.System, "be brief")],
        };
        var update = new UpdateThreadRequest { Title = "", Metadata = new Dictionary<string, string?> { ["gone"] = null }, Archived = true };
        var query = new MessageQuery { Limit = 5, Order = SortOrder.Descending, After = 3, RunId = "run_1", Cursor = "c" };
        var listQuery = new ThreadListQuery { UserId = "u1", IncludeHidden = true, Archived = false, UpdatedAfter = Created, Limit = 7 };
        var checkpoint = new CheckpointRequest { Label = "l", Messages = [NewMessage.FromText(MessageRole.Tool, "42")], StatePatch = Json(OddJson) };

        var createCopy = RoundTrip(create);
        Assert.Equal("doc_1", createCopy.ResourceId);
        Assert.True(createCopy.Hidden);
        Assert.Equal("s1", createCopy.StateSchemaId);
        Assert.Equal("v", createCopy.Metadata!["k"]);
        Assert.Equal(StateJson, createCopy.State!.Value.GetRawText());
        Assert.Equal(MessageRole.System, Assert.Single(createCopy.Messages!).Role);

        var updateCopy = RoundTrip(update);
        Assert.Equal(string.Empty, updateCopy.Title);
        Assert.Null(updateCopy.Metadata!["gone"]);
        Assert.True(updateCopy.Archived);
        Assert.Null(updateCopy.Hidden);

        Assert.Equal(query, RoundTrip(query));
        Assert.Equal(listQuery, RoundTrip(listQuery));
        Assert.Equal(new RunListQuery { Status = RunStatus.Running, Limit = 3 }, RoundTrip(new RunListQuery { Status = RunStatus.Running, Limit = 3 }));
        Assert.Equal(300, RoundTrip(new StartRunRequest { RunId = "run_9", TtlSeconds = 300 }).TtlSeconds);
        Assert.Equal(OddJson, RoundTrip(checkpoint).StatePatch!.Value.GetRawText());
        Assert.Equal(new AcquireLockRequest("agent", 30), RoundTrip(new AcquireLockRequest("agent", 30)));
        Assert.Equal(new LockInfo("agent", 12, Created), RoundTrip(new LockInfo("agent", 12, Created)));
        Assert.Equal(new TrimRequest(10, KeepSystem: false), RoundTrip(new TrimRequest(10, KeepSystem: false)));
        Assert.Equal(new EndRunRequest("boom"), RoundTrip(new EndRunRequest("boom")));
        Assert.Equal(new CleanupRequest { UpdatedBefore = Created, DryRun = true }, RoundTrip(new CleanupRequest { UpdatedBefore = Created, DryRun = true }));
        Assert.Equal(new CleanupResult(3, 1, true), RoundTrip(new CleanupResult(3, 1, true)));
        Assert.Equal(new ParentLink("thread_0", 5), RoundTrip(new ParentLink("thread_0", 5)));
    }

    [Theory]
    [InlineData(ErrorCodes.InvalidArgument, typeof(InvalidArgumentException))]
    [InlineData(ErrorCodes.NotFound, typeof(NotFoundException))]
    [InlineData(ErrorCodes.AlreadyExists, typeof(AlreadyExistsException))]
    [InlineData(ErrorCodes.Conflict, typeof(ConflictException))]
    [InlineData(ErrorCodes.PreconditionFailed, typeof(PreconditionFailedException))]
    [InlineData(ErrorCodes.PayloadTooLarge, typeof(PayloadTooLargeException))]
    [InlineData(ErrorCodes.SchemaViolation, typeof(SchemaViolationException))]
    [InlineData(ErrorCodes.Locked, typeof(LockedException))]
    [InlineData(ErrorCodes.Forbidden, typeof(ForbiddenException))]
    [InlineData(ErrorCodes.StorageFull, typeof(StorageFullException))]
    [InlineData(ErrorCodes.RateLimited, typeof(ThreadsException))]
    public void ThreadsException_RoundTripAsException_KeepsTypeCodeMessageAndErrors(string code, Type expectedType)
    {
        FieldError[] errors = [new("messages[0].role", "must be one of system, user, assistant, tool"), new("state.count", "must be an integer")];
        var original = ThreadsException.FromCode(code, $"{code} happened", errors);
        var expectedErrors = original.Errors;
        Assert.IsType(expectedType, original);

        // A grain's failure travels in its response as an Exception: the payload names the type by its alias.
        var bytes = _serializer.SerializeToArray<Exception>(original);
        var copy = _serializer.Deserialize<Exception>(bytes);
        var copied = _copier.Copy<Exception>(original);
        Assert.IsType(expectedType, copy);
        Assert.IsType(expectedType, copied);

        Assert.Contains($"threads.{expectedType.Name}", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        foreach (var exception in new[] { (ThreadsException)copy, (ThreadsException)copied })
        {
            Assert.Equal(code, exception.Code);
            Assert.Equal($"{code} happened", exception.Message);
            Assert.Equal(expectedErrors, exception.Errors);
        }

        if (code is ErrorCodes.InvalidArgument or ErrorCodes.SchemaViolation or ErrorCodes.RateLimited)
        {
            Assert.Equal(errors, ((ThreadsException)copy).Errors);
        }
        else
        {
            Assert.Empty(((ThreadsException)copy).Errors);
        }
    }

    [Fact]
    public void StorageUnavailableException_RoundTrip_KeepsTypeCodeAndMessage()
    {
        var original = new StorageUnavailableException("the storage restarts");

        var copy = Assert.IsType<StorageUnavailableException>(_serializer.Deserialize<Exception>(_serializer.SerializeToArray<Exception>(original)));
        var copied = Assert.IsType<StorageUnavailableException>(_copier.Copy<Exception>(original));

        foreach (var exception in new[] { copy, copied })
        {
            Assert.Equal(ErrorCodes.Unavailable, exception.Code);
            Assert.Equal("the storage restarts", exception.Message);
        }
    }

    [Fact]
    public void LockedException_RoundTrip_KeepsHolderAndExpiry()
    {
        var original = new LockedException("locked by agent", "agent", Created);

        var copy = Assert.IsType<LockedException>(_serializer.Deserialize<Exception>(_serializer.SerializeToArray<Exception>(original)));
        var copied = Assert.IsType<LockedException>(_copier.Copy<Exception>(original));

        foreach (var exception in new[] { copy, copied })
        {
            Assert.Equal(ErrorCodes.Locked, exception.Code);
            Assert.Equal("locked by agent", exception.Message);
            Assert.Equal("agent", exception.Holder);
            Assert.Equal(Created, exception.ExpiresAt);
            Assert.Empty(exception.Errors);
        }
    }

    [Fact]
    public void ThreadsException_Thrown_RoundTripsWithStackTraceAndInnerException()
    {
        ThreadsException thrown;
        try
        {
            throw new ThreadsException(ErrorCodes.Unavailable, "store timed out", [new FieldError("store", "timeout")], new TimeoutException("after 5 s"));
        }
        catch (ThreadsException exception)
        {
            thrown = exception;
        }

        var copy = Assert.IsType<ThreadsException>(_serializer.Deserialize<Exception>(_serializer.SerializeToArray<Exception>(thrown)));

        Assert.Equal(ErrorCodes.Unavailable, copy.Code);
        Assert.Equal("store timed out", copy.Message);
        Assert.Equal(new FieldError("store", "timeout"), Assert.Single(copy.Errors));
        Assert.Equal("after 5 s", Assert.IsType<TimeoutException>(copy.InnerException).Message);
        Assert.Contains(nameof(ThreadsException_Thrown_RoundTripsWithStackTraceAndInnerException), copy.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentParts_AsBaseType_RoundTripAsTheirOwnTypesByAlias()
    {
        IReadOnlyList<ContentPart> parts = NewParts();

        var bytes = _serializer.SerializeToArray(parts);
        var copy = _serializer.Deserialize<IReadOnlyList<ContentPart>>(bytes);

        Assert.NotNull(copy);
        AssertParts(parts, copy);
        var payload = Encoding.UTF8.GetString(bytes);
        foreach (var name in new[] { "TextPart", "ToolCallPart", "ToolResultPart", "DataPart", "ErrorPart" })
        {
            Assert.Contains($"threads.{name}", payload, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MessageRole_RoundTrip_KeepsKnownAndCustomValues()
    {
        Assert.Equal(MessageRole.Assistant, RoundTrip(MessageRole.Assistant));
        Assert.Equal("critic", RoundTrip(new MessageRole("critic")).Value);
        Assert.Equal(string.Empty, RoundTrip(default(MessageRole)).Value);
        Assert.Equal(SortOrder.Descending, RoundTrip(SortOrder.Descending));
        Assert.Equal(RunStatus.Interrupted, RoundTrip(RunStatus.Interrupted));
    }

    [Fact]
    public void DeepCopy_OfImmutableRecord_IsTheSameInstance()
    {
        var thread = NewThread();
        var snapshot = new ThreadStateSnapshot(Json(StateJson), 1);

        Assert.Same(thread, _copier.Copy(thread));
        Assert.Same(snapshot, _copier.Copy(snapshot));
    }

    [Fact]
    public void DeepCopy_OfRecordWithBytes_IsANewInstance()
    {
        var file = new ThreadFile(new ThreadFileInfo("file_3", "b.bin", 2, "application/octet-stream", Created), [1, 2]);
        var import = new ThreadImport { Thread = NewThread(), Messages = [], Files = [file] };

        var copy = _copier.Copy(import);

        Assert.NotSame(import, copy);
        Assert.NotSame(file.Content, Assert.Single(copy.Files).Content);
        Assert.Equal(file.Content, copy.Files[0].Content);
    }

    private T RoundTrip<T>(T value) => _serializer.Deserialize<T>(_serializer.SerializeToArray(value))!;

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static ThreadInfo NewThread() => new()
    {
        Id = "thread_1",
        Namespace = "default",
        ResourceId = "doc_1",
        UserId = "u1",
        Title = "Planning",
        Metadata = new Dictionary<string, string> { ["model"] = "gpt", ["lang"] = "fr" },
        Parent = new ParentLink("thread_0", 3),
        Hidden = true,
        Archived = true,
        MessageCount = 2,
        LastSeq = 5,
        StateSchemaId = "schema_1",
        CreatedAt = Created,
        UpdatedAt = Created.AddHours(1),
        Version = 4,
        Messages = [NewStoredMessage(4), NewStoredMessage(5)],
    };

    private static ThreadMessage NewStoredMessage(long seq) => new()
    {
        Seq = seq,
        Id = $"msg_{seq:x24}",
        Role = seq % 2 == 0 ? MessageRole.User : MessageRole.Assistant,
        UserId = "u1",
        RunId = "run_1",
        Content = NewParts(),
        Metadata = new Dictionary<string, string> { ["tokens"] = seq.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        CreatedAt = Created.AddSeconds(seq),
    };

    private static List<ContentPart> NewParts() =>
    [
        new TextPart("Hello, wörld"),
        new ToolCallPart("call_1", "weather", Json(OddJson)),
        new ToolCallPart("call_2", "noop"),
        new ToolResultPart("call_1", Json(StateJson), IsError: true),
        new ToolResultPart("call_2"),
        new DataPart("image/png", "iVBORw0KGgo="),
        new ErrorPart("model overloaded"),
    ];

    private static AppendMessagesRequest NewAppendRequest() => new()
    {
        Messages =
        [
            new NewMessage { Role = MessageRole.Assistant, Content = NewParts(), UserId = "u1", RunId = "run_1", Metadata = new Dictionary<string, string> { ["model"] = "gpt" } },
            NewMessage.FromText(new MessageRole("critic"), "looks fine"),
        ],
        ExpectedLastSeq = 5,
        RunId = "run_1",
    };

    private static void AssertThread(ThreadInfo expected, ThreadInfo actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Namespace, actual.Namespace);
        Assert.Equal(expected.ResourceId, actual.ResourceId);
        Assert.Equal(expected.UserId, actual.UserId);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Parent, actual.Parent);
        Assert.Equal(expected.Hidden, actual.Hidden);
        Assert.Equal(expected.Archived, actual.Archived);
        Assert.Equal(expected.MessageCount, actual.MessageCount);
        Assert.Equal(expected.LastSeq, actual.LastSeq);
        Assert.Equal(expected.StateSchemaId, actual.StateSchemaId);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Messages!.Count, actual.Messages!.Count);
        for (var i = 0; i < expected.Messages.Count; i++)
        {
            AssertMessage(expected.Messages[i], actual.Messages[i]);
        }
    }

    private static void AssertMessage(ThreadMessage expected, ThreadMessage actual)
    {
        Assert.Equal(expected.Seq, actual.Seq);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Role, actual.Role);
        Assert.Equal(expected.UserId, actual.UserId);
        Assert.Equal(expected.RunId, actual.RunId);
        Assert.Equal(expected.Metadata, actual.Metadata);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        AssertParts(expected.Content, actual.Content);
    }

    private static void AssertAppendRequest(AppendMessagesRequest expected, AppendMessagesRequest actual)
    {
        Assert.Equal(5, actual.ExpectedLastSeq);
        Assert.Equal("run_1", actual.RunId);
        Assert.Equal(2, actual.Messages.Count);
        Assert.Equal(MessageRole.Assistant, actual.Messages[0].Role);
        Assert.Equal("u1", actual.Messages[0].UserId);
        Assert.Equal("run_1", actual.Messages[0].RunId);
        Assert.Equal("gpt", actual.Messages[0].Metadata!["model"]);
        AssertParts(expected.Messages[0].Content, actual.Messages[0].Content);
        Assert.Equal("critic", actual.Messages[1].Role.Value);
        Assert.False(actual.Messages[1].Role.IsKnown);
        Assert.Equal("looks fine", Assert.IsType<TextPart>(Assert.Single(actual.Messages[1].Content)).Text);
        Assert.Null(actual.Messages[1].Metadata);
    }

    private static void AssertParts(IReadOnlyList<ContentPart> expected, IReadOnlyList<ContentPart> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.IsType(expected[i].GetType(), actual[i]);
            switch (expected[i], actual[i])
            {
                case (ToolCallPart call, ToolCallPart copy):
                    Assert.Equal(call.CallId, copy.CallId);
                    Assert.Equal(call.Name, copy.Name);
                    Assert.Equal(call.Arguments?.GetRawText(), copy.Arguments?.GetRawText());
                    break;
                case (ToolResultPart result, ToolResultPart copy):
                    Assert.Equal(result.CallId, copy.CallId);
                    Assert.Equal(result.IsError, copy.IsError);
                    Assert.Equal(result.Result?.GetRawText(), copy.Result?.GetRawText());
                    break;
                default:
                    // Text, data and error parts hold strings only: record equality compares them all.
                    Assert.Equal(expected[i], actual[i]);
                    break;
            }
        }

        var call0 = Assert.IsType<ToolCallPart>(actual[1]);
        Assert.Equal(OddJson, call0.Arguments!.Value.GetRawText());
        Assert.Equal(1.50m, call0.Arguments.Value.GetProperty("z").GetDecimal());
        Assert.Equal("1.50", call0.Arguments.Value.GetProperty("z").GetRawText());
        Assert.Equal(["z", "a", "m", "emoji"], call0.Arguments.Value.EnumerateObject().Select(p => p.Name));
        Assert.Null(Assert.IsType<ToolCallPart>(actual[2]).Arguments);
        Assert.Null(Assert.IsType<ToolResultPart>(actual[4]).Result);
    }
}
