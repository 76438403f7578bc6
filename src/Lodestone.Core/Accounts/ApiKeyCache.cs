using Lodestone.Data;

namespace Lodestone.Accounts;

/// <summary>
/// Verified API keys, by the SHA-256 of the key, for <see cref="Lifetime"/>: a training script posting a metric per
/// step would otherwise pay two queries per request to authenticate. Revoking a key evicts it at once in this process;
/// another process (a second server, the CLI) sees the revocation within <see cref="Lifetime"/>.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private readonly ShortLivedCache<string, ApiKeyOwner> _keys = new(clock, Lifetime);

    internal long Generation => _keys.Generation;

    /// <summary>The owner of a key verified recently, by <see cref="ApiKey.HashOf"/> of the key; null when not in the cache.</summary>
    public ApiKeyOwner? Find(string keyHash) => _keys.TryGet(keyHash, out var owner) ? owner : null;

    internal void Store(string keyHash, ApiKeyOwner owner, long generation) => _keys.Store(keyHash, owner, generation);

    public void EvictKey(Guid keyId) => _keys.Evict((_, owner) => owner.KeyId == keyId);
}
