namespace Lodestone.Accounts;

/// <summary>What a sign-in cookie is checked against: the user as the store has them now.</summary>
public sealed record UserSession(Guid UserId, string UserName, string DisplayName, bool IsAdministrator, string SecurityStamp);
