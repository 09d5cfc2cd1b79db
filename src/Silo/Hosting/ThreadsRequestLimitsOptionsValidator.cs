using Microsoft.Extensions.Options;
using Threads.Grains.Hosting;

namespace Threads.Silo.Hosting;

/// <summary>Checks <see cref="ThreadsRequestLimitsOptions"/> at start, so a nonsensical limit stops the silo before it listens.</summary>
internal sealed partial class ThreadsRequestLimitsOptionsValidator()
    : SectionOptionsValidator<ThreadsRequestLimitsOptions>(ThreadsRequestLimitsOptions.SectionName, new Declared())
{
    protected override void ValidateRules(ThreadsRequestLimitsOptions options, List<string> failures)
    {
        // Not a [Range]: its generated message would print double.MaxValue as the upper bound.
        if (options.MinRequestBodyBytesPerSecond < 0)
        {
            failures.Add($"{Section}:MinRequestBodyBytesPerSecond must be 0 (off) or more.");
        }
    }

    [OptionsValidator]
    private sealed partial class Declared : IValidateOptions<ThreadsRequestLimitsOptions>;
}
