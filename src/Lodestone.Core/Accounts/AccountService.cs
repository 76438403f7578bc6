using Microsoft.EntityFrameworkCore;
using Lodestone.Data;

namespace Lodestone.Accounts;

/// <summary>Users, passwords and API keys. With an <see cref="ApiKeyCache"/> (the server has one), verified keys are remembered briefly.</summary>
public sealed class AccountService(LodestoneDb db, TimeProvider clock, ApiKeyCache? keyCache = null)
{
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
        if (password.Length < 10)
            throw new InvalidInputException("A password has at least 10 characters.");
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
        return user.HasPassword(password) ? user : null;
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
