namespace Lodestone.Datasets;

/// <summary>
/// A set of samples (timestamp, sensor id, numeric channels) kept as Parquet segments in the sample store.
/// The row here holds only what describes the samples: their profile, never the samples themselves.
/// A dataset row is written once its samples are sealed, so a failed import leaves nothing behind.
/// </summary>
public sealed class Dataset
{
    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public string Name { get; set; }
    public string Description { get; set; } = "";
    public DatasetSchema Schema { get; private set; }
    /// <summary>Where the samples came from: the uploaded file's name, or the sensor and range they were cut from.</summary>
    public string Source { get; private set; }
    public long RowCount { get; private set; }
    public DateTime? StartTime { get; private set; }
    public DateTime? EndTime { get; private set; }
    public double? SamplingRateHz { get; private set; }
    public long SizeBytes { get; private set; }
    public List<ChannelProfile> Channels { get; private set; } = [];
    public List<string> SensorIds { get; private set; } = [];
    public Guid? CreatedBy { get; private set; }
    public DateTime CreatedAt { get; private set; } = DateTime.UtcNow;

    /// <param name="id">The id the samples were sealed under before the row is written.</param>
    public Dataset(Guid id, Guid projectId, string name, DatasetSchema schema, string source, Guid? createdBy)
    {
        Id = id;
        ProjectId = projectId;
        Name = name;
        Schema = schema;
        Source = source;
        CreatedBy = createdBy;
    }

    /// <summary>Records what the sample store measured of the sealed samples.</summary>
    public void Describe(DatasetProfile profile)
    {
        RowCount = profile.RowCount;
        StartTime = profile.StartTime;
        EndTime = profile.EndTime;
        SamplingRateHz = profile.SamplingRateHz;
        SizeBytes = profile.SizeBytes;
        Channels = [.. profile.Channels];
        SensorIds = [.. profile.SensorIds];
    }

    public IEnumerable<string> ChannelNames => Channels.Select(c => c.Name);
}
