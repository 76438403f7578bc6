using System.Security.Claims;

namespace Lodestone.Accounts;

/// <summary>Turns a user into claims and back: the user's id is the name identifier claim.</summary>
public static class UserPrincipal
{
    public static ClaimsPrincipal Create(User user, string authenticationType) =>
        Create(user.Id, user.UserName, user.DisplayName, user.IsAdministrator, authenticationType);

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
