namespace Lodestone.Data;

/// <summary>The layout of the data folder: metadata database, Parquet samples, staged readings and artifacts.</summary>
public sealed class LodestonePaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Database => Path.Combine(Root, "lodestone.db");
    public string Samples => Path.Combine(Root, "samples");
    public string Readings => Path.Combine(Root, "readings");
    public string Artifacts => Path.Combine(Root, "artifacts");
    /// <summary>Per-window results of batch predictions, Parquet like the samples.</summary>
    public string Predictions => Path.Combine(Root, "predictions");
    /// <summary>Uploads and imports in progress; a crash leaves only this folder to clean.</summary>
    public string Staging => Path.Combine(Root, "staging");

    public string DatasetFolder(Guid projectId, Guid datasetId) =>
        Path.Combine(Samples, projectId.ToString("N"), datasetId.ToString("N"));

    /// <summary>The finished results of one prediction batch: <c>predictions/{project}/{batch}/</c>.</summary>
    public string PredictionFolder(Guid projectId, Guid batchId) =>
        Path.Combine(Predictions, projectId.ToString("N"), batchId.ToString("N"));

    /// <summary>Creates the folders, readable by their owner only: the database holds password and key hashes.</summary>
    public void EnsureCreated()
    {
        foreach (var folder in new[] { Root, Samples, Readings, Artifacts, Predictions, Staging })
        {
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(folder);
            else
            {
                Directory.CreateDirectory(folder, OwnerOnlyFolder);
                // Folders made by earlier versions (0755) are closed too.
                File.SetUnixFileMode(folder, OwnerOnlyFolder);
            }
        }
    }

    /// <summary>
    /// The SQLite file, created empty and owner-only before SQLite opens it: SQLite gives its -wal and -shm files the
    /// database's mode, so they are owner-only too. A file made by an earlier version is closed.
    /// </summary>
    public static void EnsureDatabaseFile(string database)
    {
        if (OperatingSystem.IsWindows()) return;
        if (!File.Exists(database))
            new FileStream(database, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile }).Dispose();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }.Where(File.Exists))
            File.SetUnixFileMode(file, OwnerOnlyFile);
    }

    /// <summary>
    /// Deletes what killed uploads, imports, exports and artifact writes leave: staged upload files, archives being exported, import folders and
    /// <c>*.partial</c> files. Only for the process that holds the folder, never beside a server's live uploads.
    /// </summary>
    public void DeleteCrashLeftovers()
    {
        if (Directory.Exists(Staging))
        {
            foreach (var file in Directory.EnumerateFiles(Staging, "upload-*.csv")) File.Delete(file);
            foreach (var file in Directory.EnumerateFiles(Staging, "export-*.zip")) File.Delete(file);
            foreach (var folder in Directory.EnumerateDirectories(Staging, "import-*")) Directory.Delete(folder, recursive: true);
        }
        if (Directory.Exists(Artifacts))
            foreach (var file in Directory.EnumerateFiles(Artifacts, "*.partial", SearchOption.AllDirectories)) File.Delete(file);
        // A batch killed mid-way leaves its results folder unrenamed: its job starts it again from the first window.
        if (Directory.Exists(Predictions))
            foreach (var folder in Directory.EnumerateDirectories(Predictions, "*" + PartialSuffix, SearchOption.AllDirectories)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>The suffix of a folder being written, renamed without it when complete.</summary>
    public const string PartialSuffix = ".partial";

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
}
