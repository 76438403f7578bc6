namespace Lodestone.Bench.Torch;

/// <summary>Finds the shared datasets folder: <c>shared/datasets</c> next to an ancestor of the working or base directory.</summary>
internal static class DatasetFolder
{
    public static string? Find(string name)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "shared", "datasets", name);
                if (Directory.Exists(candidate)) return candidate;
            }
        return null;
    }
}
