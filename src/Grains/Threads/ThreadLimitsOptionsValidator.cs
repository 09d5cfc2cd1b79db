using Microsoft.Extensions.Options;
using Threads.Grains.Hosting;

namespace Threads.Grains.Threads;

/// <summary>Checks <see cref="ThreadLimitsOptions"/> when the host starts: every limit is positive.</summary>
public sealed partial class ThreadLimitsOptionsValidator() : SectionOptionsValidator<ThreadLimitsOptions>(ThreadLimitsOptions.SectionName, new Declared())
{
    [OptionsValidator]
    private sealed partial class Declared : IValidateOptions<ThreadLimitsOptions>;
}
