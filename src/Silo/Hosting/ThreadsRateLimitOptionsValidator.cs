using Microsoft.Extensions.Options;
using Threads.Grains.Hosting;

namespace Threads.Silo.Hosting;

/// <summary>Refuses at start a negative rate or burst.</summary>
internal sealed partial class ThreadsRateLimitOptionsValidator() : SectionOptionsValidator<ThreadsRateLimitOptions>(ThreadsRateLimitOptions.SectionName, new Declared())
{
    [OptionsValidator]
    private sealed partial class Declared : IValidateOptions<ThreadsRateLimitOptions>;
}
