namespace Lodestone.EndToEnd;

/// <summary>A browser test: skipped, saying why, where Debian's Chromium is not installed (./test.sh installs it).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium)) Skip = $"{Chromium} is missing: run the tests through ./test.sh, which installs Debian's chromium.";
    }
}
