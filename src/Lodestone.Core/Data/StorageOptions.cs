namespace Lodestone.Data;

/// <summary>Where Lodestone keeps its state. Bound from the <c>Lodestone</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Lodestone";

    /// <summary>The data folder: SQLite database, Parquet samples, artifacts.</summary>
    public string DataFolder { get; set; } = "./lodestone-data";

    /// <summary>A PostgreSQL connection string (<c>Host=…;Database=…</c>); empty means the embedded SQLite file.</summary>
    public string? Database { get; set; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(Database);
}
