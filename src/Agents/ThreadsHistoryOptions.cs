using Microsoft.Extensions.AI;

namespace Threads.Agents;

/// <summary>Which threads the conversation is kept in, and how much of it the model is given.</summary>
public class ThreadsHistoryOptions
{
    /// <summary>The namespace of the threads.</summary>
    /// <value>The default is <c>default</c>.</value>
    public string Namespace { get; set; } = "default";

    /// <summary>The resource new threads are created under; null for none.</summary>
    public string? ResourceId { get; set; }

    /// <summary>The user new threads belong to and user messages are recorded for; over the Orleans cluster client also the acting user.</summary>
    public string? UserId { get; set; }

    /// <summary>The title of new threads.</summary>
    public string? Title { get; set; }

    /// <summary>How many of the newest messages the model is given, 1 to 1,000.</summary>
    /// <value>The default is 50.</value>
    public int HistoryLimit { get; set; } = 50;

    /// <summary>
    /// If set, the newest messages are given only as long as their estimated tokens fit in this budget (the newest one
    /// always is); <see cref="CountTokens"/> estimates them.
    /// </summary>
    /// <value>The default is null: the window is by count only.</value>
    public int? TokenBudget { get; set; }

    /// <summary>Estimates the tokens of a message for <see cref="TokenBudget"/>.</summary>
    /// <value>The default counts a token per 4 characters of text and JSON.</value>
    public Func<ChatMessage, int> CountTokens { get; set; } = EstimateTokens;

    /// <summary>Whether the system messages that open a thread are always given, whatever the window.</summary>
    /// <value>The default is true.</value>
    public bool KeepSystemMessages { get; set; } = true;

    /// <summary>A token per 4 characters of the message's text, tool names, arguments and results.</summary>
    public static int EstimateTokens(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var characters = 0;
        foreach (var content in message.Contents)
        {
            characters += content switch
            {
                TextContent text => text.Text.Length,
                FunctionCallContent call => call.Name.Length + (call.Arguments?.Sum(static a => a.Key.Length + (a.Value?.ToString()?.Length ?? 0)) ?? 0),
                FunctionResultContent result => result.Result?.ToString()?.Length ?? 0,
                ErrorContent error => error.Message.Length,
                _ => 16,
            };
        }

        return 4 + (characters / 4);
    }

    internal void Validate()
    {
        if (!Grains.Identifiers.IsValidNamespace(Namespace))
        {
            throw new ArgumentException($"Namespace '{Namespace}' {Grains.Identifiers.NamespaceRuleMessage}.", nameof(Namespace));
        }

        if (HistoryLimit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryLimit), HistoryLimit, "HistoryLimit must be between 1 and 1000.");
        }

        if (TokenBudget is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TokenBudget), TokenBudget, "TokenBudget must be positive.");
        }

        ArgumentNullException.ThrowIfNull(CountTokens);
    }
}
