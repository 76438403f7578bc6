namespace Lodestone.EndToEnd;

/// <summary>Where browser tests save screenshots: <c>screenshots/</c> at the repository root, to open and look at.</summary>
public static class Screenshots
{
    public static string PathFor(string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lodestone.slnx"))) return dir.FullName;
        return Path.GetTempPath();
    }
}
