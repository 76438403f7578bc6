namespace Lodestone.Drift;

/// <summary>
/// One comparison of recent data with a model version's training data: what was compared (a dataset, optionally a time
/// range and one sensor, or a sensor's latest readings), when and by whom, every column's result, the share of columns
/// that drifted and whether the data drifted as a whole (Evidently's rule: at least <see cref="DriftShareThreshold"/>
/// of the columns). Reports are facts once made: nothing changes them.
/// </summary>
public sealed class DriftReport
{
    /// <summary>Evidently's default <c>drift_share</c>.</summary>
    public const double DriftShareThreshold = 0.5;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; private set; }
    public Guid ModelVersionId { get; private set; }
    /// <summary>The model's name and the version's number when the report was made, so the report names what it tested.</summary>
    public string ModelName { get; private set; } = "";
    public int VersionNumber { get; private set; }
    public DriftSource Source { get; private set; }
    public Guid? DatasetId { get; private set; }
    public DateTime? From { get; private set; }
    public DateTime? To { get; private set; }
    public string? SensorId { get; private set; }
    /// <summary>For <see cref="DriftSource.SensorReadings"/>: how many of the sensor's latest readings were asked for.</summary>
    public int? ReadingCount { get; private set; }
    /// <summary>The seed of the reproducible subsample of both sides (<see cref="DriftService.MaxSamplesPerColumn"/>).</summary>
    public int Seed { get; private set; }
    public List<ColumnDrift> Columns { get; private set; } = [];
    public double DriftedShare { get; private set; }
    public bool Drifted { get; private set; }
    public Guid? CreatedBy { get; private set; }
    public DateTime CreatedAt { get; private set; }

    private DriftReport() { }

    public static DriftReport Create(Guid projectId, Guid modelVersionId, string modelName, int versionNumber, DriftComparison comparison,
        int seed, IReadOnlyList<ColumnDrift> columns, Guid? createdBy, DateTime now)
    {
        if (columns.Count == 0) throw new ArgumentException("A drift report needs at least one column.", nameof(columns));
        var share = (double)columns.Count(c => c.Drifted) / columns.Count;
        return new DriftReport
        {
            ProjectId = projectId,
            ModelVersionId = modelVersionId,
            ModelName = modelName,
            VersionNumber = versionNumber,
            Source = comparison.Source,
            DatasetId = comparison.DatasetId,
            From = comparison.From,
            To = comparison.To,
            SensorId = comparison.SensorId,
            ReadingCount = comparison.ReadingCount,
            Seed = seed,
            Columns = [.. columns],
            DriftedShare = share,
            Drifted = share >= DriftShareThreshold,
            CreatedBy = createdBy,
            CreatedAt = now,
        };
    }
}
