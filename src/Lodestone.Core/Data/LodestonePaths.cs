namespace Lodestone.Data;

/// <summary>The layout of the data folder: metadata database, Parquet samples, staged readings and artifacts.</summary>
public sealed class LodestonePaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Database => Path.Combine(Root, "lodestone.db");
    public string Samples => Path.Combine(Root, "samples");
    public string Readings => Path.Combine(Root, "readings");
    public string Artifacts => Path.Combine(Root, "artifacts");
    /// <summary>Uploads and imports in progress; a crash leaves only this folder to clean.</summary>
    public string Staging => Path.Combine(Root, "staging");

    public string DatasetFolder(Guid projectId, Guid datasetId) =>
        Path.Combine(Samples, projectId.ToString("N"), datasetId.ToString("N"));

    public void EnsureCreated()
    {
        foreach (var folder in new[] { Root, Samples, Readings, Artifacts, Staging })
            Directory.CreateDirectory(folder);
    }
}
