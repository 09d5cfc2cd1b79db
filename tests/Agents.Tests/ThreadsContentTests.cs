using System.Text.Json;
using Microsoft.Extensions.AI;
using Threads.Grains;
using Threads.Grains.Serialization;

namespace Threads.Agents.Tests;

/// <summary>Each part type to its Microsoft.Extensions.AI content and back, compared as the API's JSON.</summary>
public sealed class ThreadsContentTests
{
    public static TheoryData<string> Parts =>
    [
        """{"type":"text","text":"line one\nline two"}""",
        """{"type":"text","text":""}""",
        """{"type":"tool_call","callId":"c1","name":"weather","arguments":{"city":"Paris","days":[1,2],"opts":{"unit":"C","exact":true,"n":null}}}""",
        """{"type":"tool_call","callId":"c2","name":"sum","arguments":[1,2,3]}""",
        """{"type":"tool_call","callId":"c3","name":"now"}""",
        """{"type":"tool_call","callId":"c4","name":"echo","arguments":"raw text"}""",
        """{"type":"tool_result","callId":"c1","result":{"tempC":21.5,"sky":"clear"},"isError":false}""",
        """{"type":"tool_result","callId":"c1","result":"Error: timed out","isError":true}""",
        """{"type":"tool_result","callId":"c5","isError":false}""",
        """{"type":"tool_result","callId":"c6","result":[true,false],"isError":false}""",
        """{"type":"data","mediaType":"image/png","data":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB"}""",
        """{"type":"data","mediaType":"application/octet-stream","data":""}""",
        """{"type":"error","message":"model timed out"}""",
    ];

    [Theory]
    [MemberData(nameof(Parts))]
    public void PartToContentToPart_AnyPart_SameJson(string json)
    {
        var part = JsonSerializer.Deserialize(json, ThreadsJsonContext.Default.ContentPart)!;

        var back = ThreadsContent.ToPart(ThreadsContent.ToContent(part));

        Assert.Equal(json, JsonSerializer.Serialize(back!, ThreadsJsonContext.Default.ContentPart));
    }

    [Fact]
    public void ContentToPartToContent_EachContentType_SameValues()
    {
        var arguments = new Dictionary<string, object?> { ["city"] = "Paris", ["days"] = 3 };
        AIContent[] contents =
        [
            new TextContent("hello"),
            new FunctionCallContent("c1", "weather", arguments),
            new FunctionResultContent("c1", new { tempC = 21 }),
            new DataContent(new byte[] { 1, 2, 3, 250 }, "image/png"),
            new ErrorContent("boom"),
        ];

        var back = ThreadsContent.ToContents(ThreadsContent.ToParts(contents));

        Assert.Equal("hello", Assert.IsType<TextContent>(back[0]).Text);
        var call = Assert.IsType<FunctionCallContent>(back[1]);
        Assert.Equal(("c1", "weather"), (call.CallId, call.Name));
        Assert.Equal("""{"city":"Paris","days":3}""", JsonSerializer.Serialize(call.Arguments));
        var result = Assert.IsType<FunctionResultContent>(back[2]);
        Assert.Equal("""{"tempC":21}""", JsonSerializer.Serialize(result.Result));
        var data = Assert.IsType<DataContent>(back[3]);
        Assert.Equal("image/png", data.MediaType);
        Assert.Equal([1, 2, 3, 250], data.Data.ToArray());
        Assert.Equal("boom", Assert.IsType<ErrorContent>(back[4]).Message);
    }

    [Fact]
    public void ToPart_ResultWithException_IsError()
    {
        var part = ThreadsContent.ToPart(new FunctionResultContent("c1", "Error: failed") { Exception = new InvalidOperationException("failed") });

        Assert.True(Assert.IsType<ToolResultPart>(part).IsError);
    }

    [Fact]
    public void ToParts_ContentsWithoutAPart_LeftOut()
    {
        var parts = ThreadsContent.ToParts([new TextReasoningContent("thinking"), new UsageContent(new UsageDetails()), new TextContent("answer")]);

        Assert.Equal("answer", Assert.IsType<TextPart>(Assert.Single(parts)).Text);
    }

    [Fact]
    public void ToNewMessageToChatMessage_RoleAuthorAndMetadata_Kept()
    {
        var chat = new ChatMessage(ChatRole.User, "hi") { AuthorName = "Guille", AdditionalProperties = new() { ["model"] = "gpt-x" } };

        var stored = ThreadsContent.ToNewMessage(chat, userId: "alice");
        var back = ThreadsContent.ToChatMessage(new ThreadMessage
        {
            Seq = 1, Id = "msg_1", Role = stored.Role, Content = stored.Content, Metadata = stored.Metadata, UserId = stored.UserId, CreatedAt = DateTimeOffset.UnixEpoch,
        });

        Assert.Equal(("alice", ChatRole.User, "Guille", "gpt-x", "msg_1"), (stored.UserId, back.Role, back.AuthorName, back.AdditionalProperties!["model"], back.MessageId));
    }
}
