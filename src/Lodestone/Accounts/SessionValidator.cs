using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Lodestone.Accounts;

/// <summary>
/// Checks every sign-in cookie against the user store: the user still exists and the cookie carries their current
/// security stamp (sign-out and password changes replace it). The claims are then rebuilt from the store, so a
/// cookie never grants more than the user has now (a revoked administrator is no longer one).
/// </summary>
internal static class SessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var stamp = principal?.FindFirstValue(UserPrincipal.SecurityStampClaim);
        if (!Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) || string.IsNullOrEmpty(stamp))
        {
            await RejectAsync(context);
            return;
        }
        var http = context.HttpContext;
        // The cache first: the account service (and its database context) is built only for a user not checked lately.
        var session = http.RequestServices.GetRequiredService<SessionCache>().Find(userId)
            ?? await http.RequestServices.GetRequiredService<AccountService>().FindSessionAsync(userId, http.RequestAborted);
        if (session is null || !string.Equals(session.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            await RejectAsync(context);
            return;
        }
        context.ReplacePrincipal(UserPrincipal.Create(session, context.Scheme.Name));
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
