using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Threads.Silo.Auth.Internal;

/// <summary>
/// The configured keys, kept as SHA-256 digests. A presented key is hashed and compared with every digest in constant
/// time (<see cref="CryptographicOperations.FixedTimeEquals"/>), without stopping at a match, so the time a lookup takes
/// says nothing about how much of a key was right, nor which key matched.
/// </summary>
internal sealed class ApiKeyRing
{
    private readonly (byte[] Digest, ApiCaller Caller)[] _keys;

    public ApiKeyRing(IOptions<ThreadsAuthOptions> options)
    {
        _keys = [.. options.Value.Keys.Select(static (k, i) => (Digest(k.Key), new ApiCaller(i, [.. k.Namespaces], k.Role, k.UserId)))];
    }

    /// <summary>True when keys are configured, so that every call needs one.</summary>
    public bool IsEnabled => _keys.Length > 0;

    /// <summary>The caller whose key <paramref name="presented"/> is, or null.</summary>
    public ApiCaller? Find(string presented)
    {
        var digest = Digest(presented);
        ApiCaller? found = null;
        foreach (var (candidate, caller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, candidate))
            {
                found = caller;
            }
        }

        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
