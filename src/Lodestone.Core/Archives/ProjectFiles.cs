using Lodestone.Data;

namespace Lodestone.Archives;

/// <summary>
/// The files of a project: under every top folder of the data folder (samples, artifacts, readings, and any kind added
/// later, such as predictions) the project's own folder, named by its id. Found by walking, so a new kind of per-project
/// folder is archived without new code. Files still being written (<c>*.partial</c>, <c>*.tmp</c>) are not the project's yet.
/// </summary>
public static class ProjectFiles
{
    public sealed record ProjectFile(string Path, string EntryName, long Bytes);

    public static List<ProjectFile> Of(LodestonePaths paths, Guid projectId)
    {
        var files = new List<ProjectFile>();
        if (!Directory.Exists(paths.Root)) return files;
        var staging = Path.GetFullPath(paths.Staging);
        foreach (var top in Directory.EnumerateDirectories(paths.Root).Order(StringComparer.Ordinal))
        {
            if (Path.GetFullPath(top) == staging) continue;
            foreach (var folderName in new[] { projectId.ToString("N"), projectId.ToString("D") })
            {
                var folder = Path.Combine(top, folderName);
                if (!Directory.Exists(folder)) continue;
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    if (file.EndsWith(".partial", StringComparison.Ordinal) || file.EndsWith(".tmp", StringComparison.Ordinal)) continue;
                    var relative = Path.GetRelativePath(paths.Root, file).Replace(Path.DirectorySeparatorChar, '/');
                    files.Add(new ProjectFile(file, ArchiveManifest.FilesFolder + relative, new FileInfo(file).Length));
                }
            }
        }
        return files;
    }
}
