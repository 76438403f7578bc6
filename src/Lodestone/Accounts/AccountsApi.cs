using Lodestone.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;

namespace Lodestone.Accounts;

public static class AccountsApi
{
    public static void MapAccountsApi(this IEndpointRouteBuilder app)
    {
        // Sign-in and sign-out for the browser: a form post, then a redirect.
        app.MapPost("/account/login", (Delegate)SignIn).AllowAnonymous().DisableAntiforgery()
            .RequireRateLimiting(ApplicationServices.SignInRateLimitPolicy).ExcludeFromDescription();
        app.MapPost("/account/logout", (Delegate)SignOut).ExcludeFromDescription();
        // The Account page's password form: a cookie can only be renewed by a response to the browser, not by a circuit.
        app.MapPost("/account/password", (Delegate)ChangePasswordForm).DisableAntiforgery().ExcludeFromDescription();

        var api = app.MapGroup("/api/account").WithTags("Account").RequireRateLimiting(ApplicationServices.RateLimitPolicy);
        api.MapGet("/", Me).WithSummary("The signed-in user");
        api.MapPost("/password", ChangePassword).WithSummary("Change your password; your other signed-in browsers are signed out");
        api.MapGet("/api-keys", ListKeys).WithSummary("Your API keys (without their secrets)");
        api.MapPost("/api-keys", CreateKey).WithSummary("Create an API key; its secret is in this response only");
        api.MapDelete("/api-keys/{keyId:guid}", RevokeKey).WithSummary("Revoke an API key");

        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(AuthenticationSchemes.AdministratorPolicy)
            .RequireRateLimiting(ApplicationServices.RateLimitPolicy);
        users.MapPost("/", CreateUser).WithSummary("Create a user (administrators only)");
        users.MapPut("/{userName}/password", ResetPassword).WithSummary("Set a user's password and sign them out everywhere (administrators only)");
    }

    public sealed record MeResponse(Guid Id, string UserName, string DisplayName, bool IsAdministrator);
    public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);
    public sealed record CreateKeyRequest(string Name);
    public sealed record CreatedKeyResponse(Guid Id, string Name, string Key);
    public sealed record CreateUserRequest(string UserName, string DisplayName, string Password, bool IsAdministrator = false);
    public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);
    public sealed record ResetPasswordRequest(string Password);

    private static async Task<RedirectHttpResult> SignIn(HttpContext context, AccountService accounts)
    {
        // Anyone may post here: the form is small, and a large or malformed one is refused before it is read whole.
        if (!context.Request.HasFormContentType)
            throw new BadHttpRequestException("Sign in with a form (username, password).", StatusCodes.Status415UnsupportedMediaType);
        context.Request.Body = RequestBody.Limit(context.Request, 16 * 1024);
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            throw new BadHttpRequestException($"The sign-in form is malformed: {e.Message}");
        }
        var returnUrl = SafeReturnUrl(form["returnUrl"]);
        var user = await accounts.SignInAsync(form["username"].ToString(), form["password"].ToString(), context.RequestAborted);
        if (user is null)
            return TypedResults.Redirect($"/login?error=1&returnUrl={Uri.EscapeDataString(returnUrl)}");
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            UserPrincipal.Create(user, CookieAuthenticationDefaults.AuthenticationScheme));
        return TypedResults.Redirect(returnUrl);
    }

    /// <summary>Ends every session of the user, not only this browser's: a copied cookie stops working too.</summary>
    private static async Task<RedirectHttpResult> SignOut(HttpContext context, AccountService accounts)
    {
        await accounts.EndSessionsAsync(context.User.UserId(), context.RequestAborted);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Redirect("/");
    }

    // Only local paths, so the login form cannot be used to send people elsewhere.
    private static string SafeReturnUrl(string? url) => LocalUrl.OrDefault(url);

    private static async Task<NoContent> ChangePassword(ChangePasswordRequest request, HttpContext context, AccountService accounts)
    {
        await ChangeAndRenewAsync(context, accounts, request.CurrentPassword ?? "", request.NewPassword ?? "");
        return TypedResults.NoContent();
    }

    private static async Task<RedirectHttpResult> ChangePasswordForm(HttpContext context, AccountService accounts)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        try
        {
            await ChangeAndRenewAsync(context, accounts, form["currentPassword"].ToString(), form["newPassword"].ToString());
            return TypedResults.Redirect("/account?password=changed");
        }
        catch (InvalidInputException e)
        {
            return TypedResults.Redirect($"/account?password-error={Uri.EscapeDataString(e.Message)}");
        }
    }

    /// <summary>Changes the password (which ends every session) and gives this browser a new cookie, so only the others are signed out.</summary>
    private static async Task ChangeAndRenewAsync(HttpContext context, AccountService accounts, string current, string next)
    {
        var user = await accounts.ChangePasswordAsync(context.User.UserId(), current, next, context.RequestAborted);
        if (context.User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                UserPrincipal.Create(user, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    private static async Task<Results<NoContent, NotFound<string>>> ResetPassword(string userName, ResetPasswordRequest request, AccountService accounts,
        CancellationToken ct) =>
        await accounts.ResetPasswordAsync(userName, request.Password ?? "", ct) is null
            ? TypedResults.NotFound($"No user '{userName}'.")
            : TypedResults.NoContent();

    private static MeResponse Me(ClaimsPrincipal user) =>
        new(user.UserId(), user.Identity!.Name!, user.DisplayName(), user.IsInRole(AuthenticationSchemes.AdministratorRole));

    private static async Task<List<ApiKeyResponse>> ListKeys(ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
        (await accounts.ListApiKeysAsync(user.UserId(), ct))
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToList();

    private static async Task<Created<CreatedKeyResponse>> CreateKey(CreateKeyRequest request, ClaimsPrincipal user, AccountService accounts, CancellationToken ct)
    {
        var (key, plain) = await accounts.CreateApiKeyAsync(user.UserId(), request.Name, ct);
        return TypedResults.Created($"/api/account/api-keys/{key.Id}", new CreatedKeyResponse(key.Id, key.Name, plain));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeKey(Guid keyId, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
        await accounts.RevokeApiKeyAsync(user.UserId(), keyId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Created<MeResponse>> CreateUser(CreateUserRequest request, AccountService accounts, CancellationToken ct)
    {
        var created = await accounts.CreateUserAsync(request.UserName, request.DisplayName, request.Password, request.IsAdministrator, ct);
        return TypedResults.Created($"/api/users/{created.Id}", new MeResponse(created.Id, created.UserName, created.DisplayName, created.IsAdministrator));
    }
}
