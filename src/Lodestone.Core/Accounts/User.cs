using System.Security.Cryptography;

namespace Lodestone.Accounts;

/// <summary>A person who signs in. System administrators may create users; project access comes from memberships.</summary>
public sealed class User
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string UserName { get; private set; }
    public string DisplayName { get; set; }
    public string PasswordHash { get; private set; } = "";
    public bool IsAdministrator { get; private set; }
    public DateTime CreatedAt { get; private set; } = DateTime.UtcNow;

    /// <summary>
    /// Copied into every sign-in cookie and compared on each request: a new stamp ends every session issued before it
    /// (sign-out, a password change). Empty for users from before stamps; <see cref="EnsureSecurityStamp"/> sets one.
    /// </summary>
    public string SecurityStamp { get; private set; } = NewStamp();

    public User(string userName, string displayName, bool isAdministrator = false)
    {
        UserName = userName;
        DisplayName = displayName;
        IsAdministrator = isAdministrator;
    }

    /// <summary>Sets a new password and ends the user's sessions.</summary>
    public void SetPassword(string password)
    {
        PasswordHash = Passwords.Hash(password);
        EndSessions();
    }

    public bool HasPassword(string password) => Passwords.Verify(password, PasswordHash);

    /// <summary>Every cookie issued before this call stops working.</summary>
    public void EndSessions() => SecurityStamp = NewStamp();

    /// <summary>Gives a user from before stamps one, so that a cookie never carries an empty stamp.</summary>
    public bool EnsureSecurityStamp()
    {
        if (SecurityStamp.Length > 0) return false;
        EndSessions();
        return true;
    }

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
