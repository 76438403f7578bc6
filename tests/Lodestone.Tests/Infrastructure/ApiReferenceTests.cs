using System.Text.RegularExpressions;

namespace Lodestone.Infrastructure;

/// <summary>The API reference at /docs works on a machine without internet: everything it loads comes from the server.</summary>
public sealed partial class ApiReferenceTests
{
    [Fact]
    public async Task Docs_ReferencesNoExternalHost()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();

        var page = await user.Client.GetStringAsync("/docs/");

        Assert.Contains("Lodestone API", page);
        Assert.Contains("\"withDefaultFonts\":false", page.Replace(" ", ""));
        var external = ExternalUrl().Matches(page).Select(m => m.Value).Distinct().ToList();
        Assert.True(external.Count == 0, $"The page loads from: {string.Join(", ", external)}\n{page}");
    }

    // The docs redirect to /docs/, and HttpClient drops the API key on a redirect, so the test asks for /docs/ itself.
    // Any absolute URL or protocol-relative reference; the page's own are relative.
    [GeneratedRegex(@"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^""'\s)]*", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
