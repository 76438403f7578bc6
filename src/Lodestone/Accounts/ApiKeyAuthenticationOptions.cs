using Microsoft.AspNetCore.Authentication;

namespace Lodestone.Accounts;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;
