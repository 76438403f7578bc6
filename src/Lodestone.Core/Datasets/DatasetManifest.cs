using System.Text.Json;

namespace Lodestone.Datasets;

/// <summary>
/// <c>dataset.json</c> beside a dataset's segments: which Parquet column holds which channel, and the pyramid levels.
/// It makes the sample store self-describing, so queries never need the metadata database.
/// </summary>
/// <param name="SensorPyramid">Whether the pyramid's tiles are per sensor (column <c>s</c>): datasets of several sensors,
/// whose interleaved samples would otherwise make one false min/max band.</param>
/// <param name="Sensors">Per sensor of a multi-sensor dataset, its rows and channel statistics; empty for one sensor or
/// none, null in datasets sealed before sensors were profiled.</param>
internal sealed record DatasetManifest(
    DatasetSchema Schema,
    IReadOnlyList<ManifestChannel> Channels,
    long Rows,
    long OriginMicros,
    long EndMicros,
    IReadOnlyList<PyramidLevel> Levels,
    bool SensorPyramid = false,
    IReadOnlyList<SensorProfile>? Sensors = null)
{
    public const string FileName = "dataset.json";
    public const string Magnitude = "|B|";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static DatasetManifest Load(string folder) =>
        JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllText(Path.Combine(folder, FileName)), Json)
        ?? throw new InvalidDataException($"Empty manifest in {folder}.");

    public void Save(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>Stored channels, then |B| for magnetometer data (computed from b_x, b_y, b_z at query time).</summary>
    public IReadOnlyList<ManifestChannel> AllChannels =>
        Schema == DatasetSchema.Magnetometer || HasFieldVector
            ? [.. Channels, new ManifestChannel(Magnitude, "")]
            : Channels;

    public bool HasFieldVector => new[] { "b_x", "b_y", "b_z" }.All(c => Channels.Any(ch => ch.Column == c));

    public ManifestChannel Resolve(string name) =>
        AllChannels.FirstOrDefault(c => c.Name == name)
        ?? AllChannels.FirstOrDefault(c => c.Column == name)
        ?? throw new ArgumentException($"The dataset has no channel '{name}'. Channels: {string.Join(", ", AllChannels.Select(c => c.Name))}.", nameof(name));
}

/// <summary>A channel: its original name and its Parquet column (empty for the derived |B|).</summary>
internal sealed record ManifestChannel(string Name, string Column)
{
    public bool Derived => Column.Length == 0;

    /// <summary>The SQL expression of the channel's value in a segment row.</summary>
    public string Expression => Derived ? "sqrt(b_x * b_x + b_y * b_y + b_z * b_z)" : SqlText.Identifier(Column);
}

/// <summary>One level of the min/max pyramid: tiles of a fixed duration, counted from the manifest's origin.</summary>
internal sealed record PyramidLevel(int Level, long TileMicros, long Tiles)
{
    public string FileName => $"pyramid-{Level}.parquet";
}
