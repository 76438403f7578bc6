namespace Lodestone.Archives;

/// <summary>
/// <c>manifest.json</c>, the last entry of an archive: what it is, who made it, how many rows and files it holds, and the
/// length and SHA-256 of every other entry, so that an import checks each byte before it writes anything.
/// </summary>
public sealed record ArchiveManifest(
    string Format,
    int FormatVersion,
    string LodestoneVersion,
    ArchiveSource Source,
    DateTime ExportedAt,
    Guid ProjectId,
    string ProjectName,
    Dictionary<string, long> Counts,
    List<ArchiveEntry> Entries)
{
    public const string FileName = "manifest.json";
    /// <summary>What the <see cref="Format"/> field says in every Lodestone project archive.</summary>
    public const string FormatName = "lodestone-project";
    /// <summary>The format this version writes and the newest it reads.</summary>
    public const int CurrentFormatVersion = 1;
    public const string RowsFolder = "rows/";
    public const string FilesFolder = "files/";
    public const string UsersEntry = "users.jsonl";
}

/// <summary>The instance an archive came from: its host and metadata store.</summary>
public sealed record ArchiveSource(string Host, string Database, string DataFolder);

public sealed record ArchiveEntry(string Name, long Bytes, string Sha256);
