using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Threads.Silo.Auth.Internal;

/// <summary>
/// Stops a silo without keys from starting on an address other machines can reach, unless
/// <c>Threads:Auth:AllowAnonymousRemote</c> says so: the configured addresses are checked before the server listens,
/// and the addresses it really bound (a listener set up in code, say) right after.
/// </summary>
internal sealed class AnonymousRemoteGuard(IOptions<ThreadsAuthOptions> options, IConfiguration configuration, IServer server) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        Check(ListenAddresses.NonLoopback(configuration));
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Check(bound.Where(static a => !ListenAddresses.IsLoopback(a)));
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Check(IEnumerable<string> nonLoopback)
    {
        if (options.Value.Keys.Count > 0 || options.Value.AllowAnonymousRemote)
        {
            return;
        }

        var first = nonLoopback.FirstOrDefault();
        if (first is not null)
        {
            throw new InvalidOperationException(
                $"The silo would accept calls without credentials on '{first}', which is not a loopback address. "
                + "Configure API keys (Threads:Auth:Keys), listen on loopback only (http://127.0.0.1:5170), "
                + "or set Threads:Auth:AllowAnonymousRemote=true if something in front of the silo authenticates callers.");
        }
    }
}
