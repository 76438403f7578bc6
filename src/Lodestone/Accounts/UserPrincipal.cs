using System.Security.Claims;

namespace Lodestone.Accounts;

/// <summary>Turns a user into claims and back: the user's id is the name identifier claim.</summary>
public static class UserPrincipal
{
    /// <summary>The user's security stamp when the cookie was issued; only sign-in cookies carry it.</summary>
    public const string SecurityStampClaim = "security_stamp";

    public static ClaimsPrincipal Create(User user, string authenticationType) =>
        Create(new UserSession(user.Id, user.UserName, user.DisplayName, user.IsAdministrator, user.SecurityStamp), authenticationType);

    public static ClaimsPrincipal Create(UserSession session, string authenticationType)
    {
        var principal = Create(session.UserId, session.UserName, session.DisplayName, session.IsAdministrator, authenticationType);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SecurityStampClaim, session.SecurityStamp));
        return principal;
    }

    public static ClaimsPrincipal Create(Guid userId, string userName, string displayName, bool isAdministrator, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, userId.ToString()),
            new(ClaimTypes.Name, userName),
            new("display_name", displayName),
        };
        if (isAdministrator) claims.Add(new Claim(ClaimTypes.Role, AuthenticationSchemes.AdministratorRole));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    public static Guid UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The request is not authenticated.");

    public static string DisplayName(this ClaimsPrincipal principal) =>
        principal.FindFirstValue("display_name") ?? principal.Identity?.Name ?? "";
}
