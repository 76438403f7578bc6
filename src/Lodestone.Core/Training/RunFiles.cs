using Lodestone.Data;
using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// A run's files under the artifact folder: <c>artifacts/{project}/{run}/files/…</c> (models, reports, whatever a
/// client uploads) and <c>…/checkpoints/step-NNNNNNNN.bin</c>. Every write goes to a temporary file first and is moved
/// into place, so a killed process never leaves half a checkpoint or artifact behind.
/// </summary>
public sealed class RunFiles(LodestonePaths paths)
{
    public string RunFolder(Guid projectId, Guid runId) => Path.Combine(paths.Artifacts, projectId.ToString("N"), runId.ToString("N"));

    public string FilesFolder(Guid projectId, Guid runId) => Path.Combine(RunFolder(projectId, runId), "files");

    private string CheckpointFolder(Guid projectId, Guid runId) => Path.Combine(RunFolder(projectId, runId), "checkpoints");

    public void SaveCheckpoint(Guid projectId, Guid runId, TrainingCheckpoint checkpoint)
    {
        var folder = CheckpointFolder(projectId, runId);
        WriteAtomically(Path.Combine(folder, $"step-{checkpoint.Step:D8}.bin"), checkpoint.State);
        // Older checkpoints are of no use once a newer one is durable; keep the previous one in case the newest is being read.
        foreach (var old in CheckpointFiles(folder).SkipLast(2)) File.Delete(old);
    }

    public TrainingCheckpoint? LatestCheckpoint(Guid projectId, Guid runId)
    {
        var newest = CheckpointFiles(CheckpointFolder(projectId, runId)).LastOrDefault();
        if (newest is null) return null;
        var step = int.Parse(Path.GetFileNameWithoutExtension(newest)["step-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        return new TrainingCheckpoint(step, File.ReadAllBytes(newest));
    }

    private static IEnumerable<string> CheckpointFiles(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder, "step-*.bin").Order(StringComparer.Ordinal)
        : [];

    /// <summary>
    /// The full path of an artifact of the run, checked to stay inside the run's files folder (no <c>..</c> escapes).
    /// </summary>
    public string ArtifactPath(Guid projectId, Guid runId, string relativePath)
    {
        CheckName(relativePath);
        var root = Path.GetFullPath(FilesFolder(projectId, runId));
        var full = Path.GetFullPath(Path.Combine(root, relativePath.TrimStart('/', '\\')));
        if (full != root && !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidInputException("An artifact path stays inside the run's folder.");
        return full;
    }

    public async Task SaveArtifactAsync(Guid projectId, Guid runId, string relativePath, Stream content, CancellationToken cancellationToken = default)
    {
        var target = ArtifactPath(projectId, runId, relativePath);
        var root = Path.GetFullPath(FilesFolder(projectId, runId));
        if (target == root) throw new InvalidInputException("An artifact needs a file name.");
        if (Directory.Exists(target)) throw new InvalidInputException($"'{Relative(root, target)}' is a folder of artifacts, not a file.");
        for (var folder = Path.GetDirectoryName(target)!; folder.Length > root.Length; folder = Path.GetDirectoryName(folder)!)
            if (File.Exists(folder))
                throw new InvalidInputException($"'{Relative(root, folder)}' is a file, so it cannot hold '{Relative(root, target)}'.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + $".{Guid.NewGuid():N}.partial";
        await using (var file = File.Create(temporary))
            await content.CopyToAsync(file, cancellationToken);
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>The files and folders directly under <paramref name="relativeFolder"/> (the root when empty).</summary>
    public IReadOnlyList<RunArtifact> List(Guid projectId, Guid runId, string? relativeFolder = null)
    {
        var root = Path.GetFullPath(FilesFolder(projectId, runId));
        var folder = ArtifactPath(projectId, runId, relativeFolder ?? "");
        if (!Directory.Exists(folder)) return [];
        var entries = new List<RunArtifact>();
        foreach (var directory in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
            entries.Add(new RunArtifact(Relative(root, directory), true, null));
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => !f.EndsWith(".partial", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            entries.Add(new RunArtifact(Relative(root, file), false, new FileInfo(file).Length));
        return entries;
    }

    /// <summary>
    /// Names the file system takes: a name of at most 200 bytes (Linux allows 255, and the temporary file adds 41), a
    /// path of at most 1,000 characters, no control characters.
    /// </summary>
    private static void CheckName(string relativePath)
    {
        if (relativePath.Length > MaxPathChars)
            throw new InvalidInputException($"An artifact path has at most {MaxPathChars} characters; this one has {relativePath.Length}.");
        if (relativePath.Any(char.IsControl)) throw new InvalidInputException("An artifact path has no control characters.");
        foreach (var name in relativePath.Split('/', '\\'))
            if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
                throw new InvalidInputException($"An artifact's file or folder name has at most {MaxNameBytes} bytes; '{name[..20]}…' has {System.Text.Encoding.UTF8.GetByteCount(name)}.");
    }

    private const int MaxPathChars = 1000;
    private const int MaxNameBytes = 200;

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static void WriteAtomically(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".partial";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
