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

    public User(string userName, string displayName, bool isAdministrator = false)
    {
        UserName = userName;
        DisplayName = displayName;
        IsAdministrator = isAdministrator;
    }

    public void SetPassword(string password) => PasswordHash = Passwords.Hash(password);

    public bool HasPassword(string password) => Passwords.Verify(password, PasswordHash);
}
