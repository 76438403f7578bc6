namespace Lodestone.Accounts;

public static class AuthenticationSchemes
{
    /// <summary>Picks the API-key scheme when the request carries an Authorization header, the cookie otherwise.</summary>
    public const string Default = "lodestone";
    public const string ApiKey = "api-key";
    public const string AdministratorRole = "administrator";
    public const string AdministratorPolicy = "administrators";
}
