using System.IO.Compression;
using System.Text.Json;

namespace Lodestone.Archives;

/// <summary>
/// An archive checked and unpacked into a staging folder: a zip file with a manifest of this format (not newer), every
/// entry the manifest lists and no other, each of its stated length and SHA-256, no path leaving the folder. Anything
/// else is refused with <see cref="ArchiveRefusedException"/> before a single row is written.
/// </summary>
public sealed class StagedArchive
{
    public ArchiveManifest Manifest { get; }
    public string Folder { get; }

    private StagedArchive(ArchiveManifest manifest, string folder)
    {
        Manifest = manifest;
        Folder = folder;
    }

    public string PathOf(string entryName) => Path.Combine(Folder, entryName.Replace('/', Path.DirectorySeparatorChar));

    public static async Task<StagedArchive> UnpackAsync(string archivePath, string folder, IProgress<ArchiveProgress>? progress,
        CancellationToken cancellationToken)
    {
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveRefusedException($"This is not a Lodestone project archive, or it is truncated: it cannot be read as a zip file ({e.Message}).");
        }
        using (zip)
        {
            var manifest = ReadManifest(zip);
            var listed = manifest.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName == ArchiveManifest.FileName || entry.FullName.EndsWith('/')) continue;
                if (!listed.ContainsKey(entry.FullName))
                    throw new ArchiveRefusedException($"The archive holds '{entry.FullName}', which its manifest does not list: it was changed after export.");
            }
            var total = manifest.Entries.Sum(e => e.Bytes);
            CheckSpace(folder, total);
            var done = 0L;
            foreach (var expected in manifest.Entries)
            {
                CheckName(expected.Name);
                var entry = zip.GetEntry(expected.Name)
                    ?? throw new ArchiveRefusedException($"The archive is damaged: its manifest lists '{expected.Name}', which is missing.");
                var target = Path.Combine(folder, expected.Name.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    await using var source = entry.Open();
                    using var hashing = new HashingStream(source);
                    await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
                    var buffer = new byte[1 << 20];
                    int read;
                    while ((read = await hashing.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        done += read;
                        progress?.Report(new ArchiveProgress("Checking", done, total));
                        if (hashing.Bytes > expected.Bytes) break;
                    }
                    if (hashing.Bytes != expected.Bytes || hashing.Sha256() != expected.Sha256)
                        throw new ArchiveRefusedException($"The archive is damaged: '{expected.Name}' does not match its checksum.");
                }
                catch (InvalidDataException e)
                {
                    throw new ArchiveRefusedException($"The archive is damaged: '{expected.Name}' cannot be read ({e.Message}).");
                }
            }
            return new StagedArchive(manifest, folder);
        }
    }

    private static ArchiveManifest ReadManifest(ZipArchive zip)
    {
        var entry = zip.GetEntry(ArchiveManifest.FileName)
            ?? throw new ArchiveRefusedException($"This is not a Lodestone project archive: it has no {ArchiveManifest.FileName}.");
        JsonElement json;
        try
        {
            using var stream = entry.Open();
            json = JsonSerializer.Deserialize<JsonElement>(stream);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new ArchiveRefusedException($"The archive is damaged: its {ArchiveManifest.FileName} cannot be read ({e.Message}).");
        }
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
            || format.GetString() != ArchiveManifest.FormatName)
            throw new ArchiveRefusedException($"This is not a Lodestone project archive: its {ArchiveManifest.FileName} is not one of a Lodestone export.");
        if (!json.TryGetProperty("formatVersion", out var version) || !version.TryGetInt32(out var number) || number < 1)
            throw new ArchiveRefusedException($"The archive is damaged: its {ArchiveManifest.FileName} has no format version.");
        if (number > ArchiveManifest.CurrentFormatVersion)
            throw new ArchiveRefusedException($"The archive was made by a newer Lodestone (format version {number}); this one reads format version {ArchiveManifest.CurrentFormatVersion} and older. Upgrade Lodestone to import it.");
        try
        {
            return json.Deserialize<ArchiveManifest>(ProjectExporter.ManifestJson)
                ?? throw new ArchiveRefusedException($"The archive is damaged: its {ArchiveManifest.FileName} is empty.");
        }
        catch (JsonException e)
        {
            throw new ArchiveRefusedException($"The archive is damaged: its {ArchiveManifest.FileName} cannot be read ({e.Message}).");
        }
    }

    /// <summary>
    /// An archive unpacks to what its manifest says (each entry stops at its stated length), so the stated total is what
    /// it can take: more than the disk has free is refused before a byte is written, rather than filling the disk.
    /// </summary>
    private static void CheckSpace(string folder, long total)
    {
        long free;
        try
        {
            free = new DriveInfo(Path.GetDirectoryName(Path.GetFullPath(folder))!).AvailableFreeSpace;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return;
        }
        if (total > free)
            throw new ArchiveRefusedException($"The archive unpacks to {total / 1048576.0:N0} MB, and the data folder's disk has {free / 1048576.0:N0} MB free.");
    }

    /// <summary>Only the entries an export writes, and none that would land outside the staging folder.</summary>
    private static void CheckName(string name)
    {
        var known = name.StartsWith(ArchiveManifest.RowsFolder, StringComparison.Ordinal) || name.StartsWith(ArchiveManifest.FilesFolder, StringComparison.Ordinal)
            || name == ArchiveManifest.UsersEntry;
        if (!known || name.Contains('\\') || name.Contains(':') || name.Split('/').Any(s => s is "" or "." or ".."))
            throw new ArchiveRefusedException($"The archive holds an entry named '{name}', which no Lodestone export writes.");
    }
}
