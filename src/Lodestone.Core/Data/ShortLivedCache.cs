using System.Collections.Concurrent;

namespace Lodestone.Data;

/// <summary>
/// Answers of access checks (a verified key, a membership) kept for a few seconds. Eviction is immediate in this
/// process; other processes that change the database are seen when an entry expires. A lookup remembers the
/// <see cref="Generation"/> before it reads the database and its answer is not stored when an eviction happened since:
/// otherwise a request that read a key just before its revocation committed could put it back into the cache.
/// </summary>
internal sealed class ShortLivedCache<TKey, TValue>(TimeProvider clock, TimeSpan lifetime) where TKey : notnull
{
    // Bounds memory against callers sending many distinct credentials; expired entries go first, then everything.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<TKey, (TValue Value, long ExpiresAt)> _entries = new();
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > clock.GetTimestamp())
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>Stores an answer read after <paramref name="generation"/> was taken, unless an eviction came since.</summary>
    public void Store(TKey key, TValue value, long generation)
    {
        if (Generation != generation) return;
        if (_entries.Count >= MaxEntries) Trim();
        var expiresAt = clock.GetTimestamp() + (long)(lifetime.TotalSeconds * clock.TimestampFrequency);
        _entries[key] = (value, expiresAt);
        // An eviction between the check above and the write must not be undone by it.
        if (Generation != generation) _entries.TryRemove(key, out _);
    }

    /// <summary>Forgets every entry that <paramref name="matches"/>; lookups already under way will not store theirs.</summary>
    public void Evict(Func<TKey, TValue, bool> matches)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (key, entry) in _entries)
            if (matches(key, entry.Value)) _entries.TryRemove(key, out _);
    }

    private void Trim()
    {
        var now = clock.GetTimestamp();
        foreach (var (key, entry) in _entries)
            if (entry.ExpiresAt <= now) _entries.TryRemove(key, out _);
        if (_entries.Count >= MaxEntries) _entries.Clear();
    }
}
