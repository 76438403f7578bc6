namespace Lodestone.Accounts;

/// <summary>
/// Whether a return address is a path on this site. Browsers drop tabs and newlines from addresses and read '\' as '/',
/// so <c>/%09/evil</c> and <c>/\evil</c> are other sites to them: any control character, space or backslash is refused.
/// </summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || url[1] != '/')
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\');

    public static string OrDefault(string? url, string fallback = "/projects") => IsLocal(url) ? url! : fallback;
}
