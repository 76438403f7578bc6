namespace Lodestone.Accounts;

/// <summary>Who an active API key belongs to: what a request authenticated by the key needs to know.</summary>
public sealed record ApiKeyOwner(Guid KeyId, Guid UserId, string UserName, string DisplayName, bool IsAdministrator);
