using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lodestone.Accounts;

/// <summary>
/// Authenticates <c>Authorization: Bearer ls_…</c>, and <c>Basic</c> with the key as password (any user name), which is
/// how MLflow clients send credentials.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public static bool HasCredentials(HttpRequest request) => request.Headers.Authorization.Count > 0;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) || header.Parameter is null)
            return AuthenticateResult.Fail("Malformed Authorization header.");
        var key = header.Scheme.ToLowerInvariant() switch
        {
            "bearer" => header.Parameter,
            "basic" => PasswordOfBasic(header.Parameter),
            _ => null,
        };
        if (key is null) return AuthenticateResult.Fail("Unsupported Authorization scheme.");
        // The cache first: the account service (and its database context) is built only for a key not verified lately.
        var owner = keys.Find(ApiKey.HashOf(key))
            ?? await Context.RequestServices.GetRequiredService<AccountService>().AuthenticateApiKeyAsync(key, Context.RequestAborted);
        if (owner is null) return AuthenticateResult.Fail("Unknown or revoked API key.");
        return AuthenticateResult.Success(new AuthenticationTicket(
            UserPrincipal.Create(owner.UserId, owner.UserName, owner.DisplayName, owner.IsAdministrator, Scheme.Name), Scheme.Name));
    }

    private static string? PasswordOfBasic(string parameter)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
