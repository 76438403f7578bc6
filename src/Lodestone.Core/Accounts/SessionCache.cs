using Lodestone.Data;

namespace Lodestone.Accounts;

/// <summary>
/// Users as a cookie is checked against, by id, for <see cref="Lifetime"/>: every request of a signed-in browser
/// validates its cookie, and a page's many requests should not each pay a query. Signing out or changing a password
/// evicts the user at once in this process; another process (a second server, the CLI) is seen within <see cref="Lifetime"/>.
/// </summary>
public sealed class SessionCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private readonly ShortLivedCache<Guid, UserSession> _users = new(clock, Lifetime);

    internal long Generation => _users.Generation;

    public UserSession? Find(Guid userId) => _users.TryGet(userId, out var session) ? session : null;

    internal void Store(UserSession session, long generation) => _users.Store(session.UserId, session, generation);

    public void Evict(Guid userId) => _users.Evict((id, _) => id == userId);
}
