using Microsoft.Extensions.Options;
using Threads.Grains.Hosting;

namespace Threads.Silo.Hosting;

/// <summary>Refuses at start HTTP options that cannot work.</summary>
internal sealed partial class ThreadsHttpOptionsValidator() : SectionOptionsValidator<ThreadsHttpOptions>(ThreadsHttpOptions.SectionName, new Declared())
{
    [OptionsValidator]
    private sealed partial class Declared : IValidateOptions<ThreadsHttpOptions>;
}
