using Microsoft.Extensions.Options;
using Threads.Grains.Events;
using Threads.Silo.Hosting;

namespace Threads.Silo.Apis.Events;

/// <summary>What an event stream needs, as one service: the bus, the clock of its heartbeats, the host's stopping signal, its options.</summary>
internal sealed record EventStreamServices(ThreadEventBus Bus, TimeProvider Time, IHostApplicationLifetime Lifetime, IOptions<ThreadsHttpOptions> Options);
