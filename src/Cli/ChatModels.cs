using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using Threads.Agents;

namespace Threads.Cli;

/// <summary>The model <c>threads chat</c> talks to: an OpenAI-compatible endpoint, or the offline echo model.</summary>
internal static class ChatModels
{
    public static IChatClient Create(Uri? endpoint, string model)
    {
        if (endpoint is null && model == EchoChatClient.ModelId)
        {
            return new EchoChatClient();
        }

        var key = Environment.GetEnvironmentVariable("OPENAI_API_KEY") is { Length: > 0 } value ? value : "none";
        var options = new OpenAIClientOptions();
        if (endpoint is not null)
        {
            options.Endpoint = endpoint;
        }

        return new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(model).AsIChatClient();
    }
}
