using System.Security.Cryptography;
using System.Text;

namespace Lodestone.Accounts;

/// <summary>
/// A personal key for scripts and the CLI, sent as <c>Authorization: Bearer ls_{prefix}_{secret}</c>.
/// Only a SHA-256 of the whole key is stored; the prefix finds the row without scanning.
/// </summary>
public sealed class ApiKey
{
    public const string Scheme = "ls";

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid UserId { get; private set; }
    public string Name { get; private set; }
    public string Prefix { get; private set; }
    public string SecretHash { get; private set; }
    public DateTime CreatedAt { get; private set; } = DateTime.UtcNow;
    public DateTime? LastUsedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }

    private ApiKey(Guid userId, string name, string prefix, string secretHash)
    {
        UserId = userId;
        Name = name;
        Prefix = prefix;
        SecretHash = secretHash;
    }

    /// <summary>Creates a key and returns it with its plain text, which is shown once and never stored.</summary>
    public static (ApiKey Key, string PlainText) Create(Guid userId, string name)
    {
        var prefix = RandomNumberGenerator.GetHexString(8, lowercase: true);
        var secret = RandomNumberGenerator.GetHexString(40, lowercase: true);
        var plain = $"{Scheme}_{prefix}_{secret}";
        return (new ApiKey(userId, name, prefix, HashOf(plain)), plain);
    }

    public static string? PrefixOf(string plainText)
    {
        var parts = plainText.Split('_');
        return parts.Length == 3 && parts[0] == Scheme && parts[1].Length == 8 ? parts[1] : null;
    }

    public bool IsActive => RevokedAt is null;

    public bool Matches(string plainText) =>
        IsActive && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(HashOf(plainText)), Encoding.ASCII.GetBytes(SecretHash));

    public void MarkUsed(DateTime at) => LastUsedAt = at;

    public void Revoke() => RevokedAt ??= DateTime.UtcNow;

    /// <summary>The SHA-256 of a whole key, as stored; also what the key cache is keyed by.</summary>
    public static string HashOf(string plainText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plainText)));
}
