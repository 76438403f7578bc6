namespace Lodestone.Bench.Trainers;

internal static class DatasetFolder
{
    /// <summary>The first shared/datasets folder beside an ancestor of the program's folder or of the working directory.</summary>
    public static string? Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "datasets");
                if (Directory.Exists(candidate)) return candidate;
            }
        return null;
    }
}
