using Microsoft.Extensions.Options;
using Threads.Grains.Hosting;

namespace Threads.Grains.Events;

/// <summary>Checks <see cref="ThreadEventOptions"/> when the host starts: a silo keeps at least one event and buffers at least one per subscriber.</summary>
public sealed partial class ThreadEventOptionsValidator() : SectionOptionsValidator<ThreadEventOptions>(ThreadEventOptions.SectionName, new Declared())
{
    [OptionsValidator]
    private sealed partial class Declared : IValidateOptions<ThreadEventOptions>;
}
