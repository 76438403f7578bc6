using Microsoft.EntityFrameworkCore;
using Lodestone.Data;

namespace Lodestone.Accounts;

/// <summary>
/// Users, passwords, sessions and API keys. With an <see cref="ApiKeyCache"/> and a <see cref="SessionCache"/> (the
/// server has both), verified keys and users are remembered briefly.
/// </summary>
public sealed class AccountService(LodestoneDb db, TimeProvider clock, ApiKeyCache? keyCache = null, SessionCache? sessions = null)
{
    public const int MinimumPasswordLength = 10;

    public const string AdminUserName = "admin";

    /// <summary>
    /// On first start there is no user: creates the administrator and returns its random password, to be shown once.
    /// Returns null when users exist already.
    /// </summary>
    public async Task<string?> EnsureAdministratorAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Users.AnyAsync(cancellationToken)) return null;
        var password = Passwords.Generate();
        var admin = new User(AdminUserName, "Administrator", isAdministrator: true);
        admin.SetPassword(password);
        db.Users.Add(admin);
        await db.SaveChangesAsync(cancellationToken);
        return password;
    }

    public async Task<User> CreateUserAsync(string userName, string displayName, string password, bool isAdministrator = false,
        CancellationToken cancellationToken = default)
    {
        userName = userName.Trim().ToLowerInvariant();
        if (userName.Length is < 2 or > 100 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
            throw new InvalidInputException("A user name has 2 to 100 letters, digits, '.', '-', '_' or '@'.");
        CheckPassword(password);
        if (await db.Users.AnyAsync(u => u.UserName == userName, cancellationToken))
            throw new InvalidInputException($"The user name '{userName}' is taken.");
        var user = new User(userName, string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim(), isAdministrator);
        user.SetPassword(password);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>The user with this name and password, or null; takes the same time whether or not the user exists.</summary>
    public async Task<User?> SignInAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        var name = userName.Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, cancellationToken);
        if (user is null)
        {
            Passwords.Verify(password, DummyHash.Value);
            return null;
        }
        if (!user.HasPassword(password)) return null;
        if (user.EnsureSecurityStamp()) await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>The user a cookie names, as the store has them now; null when the user no longer exists.</summary>
    public async Task<UserSession?> FindSessionAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        if (sessions?.Find(userId) is { } cached) return cached;
        var generation = sessions?.Generation ?? 0;
        var session = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new UserSession(u.Id, u.UserName, u.DisplayName, u.IsAdministrator, u.SecurityStamp))
            .FirstOrDefaultAsync(cancellationToken);
        if (session is not null) sessions?.Store(session, generation);
        return session;
    }

    /// <summary>Ends every session of the user (every browser they signed in with); API keys stay valid.</summary>
    public async Task EndSessionsAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null) return;
        user.EndSessions();
        await db.SaveChangesAsync(cancellationToken);
        sessions?.Evict(userId);
    }

    /// <summary>Changes the user's own password, which ends their sessions; the current password must be right.</summary>
    public async Task<User> ChangePasswordAsync(Guid userId, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new InvalidInputException("The user does not exist.");
        if (!user.HasPassword(currentPassword)) throw new InvalidInputException("The current password is wrong.");
        return await SetPasswordAsync(user, newPassword, cancellationToken);
    }

    /// <summary>An administrator's (or the CLI's) reset of a user's password, which ends their sessions; null when there is no such user.</summary>
    public async Task<User?> ResetPasswordAsync(string userName, string newPassword, CancellationToken cancellationToken = default)
    {
        var name = userName.Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, cancellationToken);
        return user is null ? null : await SetPasswordAsync(user, newPassword, cancellationToken);
    }

    private async Task<User> SetPasswordAsync(User user, string password, CancellationToken cancellationToken)
    {
        CheckPassword(password);
        user.SetPassword(password);
        await db.SaveChangesAsync(cancellationToken);
        sessions?.Evict(user.Id);
        return user;
    }

    private static void CheckPassword(string password)
    {
        if (password.Length < MinimumPasswordLength)
            throw new InvalidInputException($"A password has at least {MinimumPasswordLength} characters.");
    }

    public async Task<(ApiKey Key, string PlainText)> CreateApiKeyAsync(Guid userId, string name, CancellationToken cancellationToken = default)
    {
        var created = ApiKey.Create(userId, string.IsNullOrWhiteSpace(name) ? "key" : name.Trim());
        db.ApiKeys.Add(created.Key);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    /// <summary>
    /// The owner of an active key, or null. Records when the key was last used (at most once a minute, and only when
    /// the key is not in the cache, so a busy key is marked at least every <see cref="ApiKeyCache.Lifetime"/> plus a minute).
    /// </summary>
    public async Task<ApiKeyOwner?> AuthenticateApiKeyAsync(string plainText, CancellationToken cancellationToken = default)
    {
        var prefix = ApiKey.PrefixOf(plainText);
        if (prefix is null) return null;
        var hash = ApiKey.HashOf(plainText);
        if (keyCache?.Find(hash) is { } cached) return cached;
        var generation = keyCache?.Generation ?? 0;
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (key is null || !key.Matches(plainText)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.MarkUsed(now);
            await db.SaveChangesAsync(cancellationToken);
        }
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == key.UserId)
            .Select(u => new ApiKeyOwner(key.Id, u.Id, u.UserName, u.DisplayName, u.IsAdministrator))
            .FirstOrDefaultAsync(cancellationToken);
        if (owner is not null) keyCache?.Store(hash, owner, generation);
        return owner;
    }

    public Task<List<ApiKey>> ListApiKeysAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.ApiKeys.Where(k => k.UserId == userId).OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);

    public async Task<bool> RevokeApiKeyAsync(Guid userId, Guid keyId, CancellationToken cancellationToken = default)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId, cancellationToken);
        if (key is null) return false;
        key.Revoke();
        await db.SaveChangesAsync(cancellationToken);
        keyCache?.EvictKey(key.Id);
        return true;
    }

    // Verifying against a real hash for unknown users keeps sign-in time from telling which names exist.
    private static readonly Lazy<string> DummyHash = new(() => Passwords.Hash(Passwords.Generate()));
}
