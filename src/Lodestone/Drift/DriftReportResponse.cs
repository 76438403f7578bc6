namespace Lodestone.Drift;

/// <summary>A drift report as the API gives it.</summary>
public sealed record DriftReportResponse(Guid Id, Guid ModelVersionId, string ModelName, int VersionNumber, string Source, Guid? DatasetId,
    DateTime? From, DateTime? To, string? Sensor, int? Count, int Seed, double DriftedShare, bool Drifted, DateTime CreatedAt,
    IReadOnlyList<ColumnDrift> Columns)
{
    public static DriftReportResponse Of(DriftReport r) => new(r.Id, r.ModelVersionId, r.ModelName, r.VersionNumber, r.Source.ToString(), r.DatasetId,
        r.From, r.To, r.SensorId, r.ReadingCount, r.Seed, r.DriftedShare, r.Drifted, r.CreatedAt, r.Columns);
}
