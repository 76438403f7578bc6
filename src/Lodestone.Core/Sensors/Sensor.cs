namespace Lodestone.Sensors;

/// <summary>A physical device. <see cref="Name"/> is the sensor id that samples and readings carry.</summary>
public sealed class Sensor
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; private set; }
    public string Name { get; private set; }
    public SensorKind Kind { get; set; }
    public string Unit { get; set; }
    public SensorStatus Status { get; set; } = SensorStatus.Offline;
    public string Location { get; set; } = "";
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public DateTime? LastReadingAt { get; private set; }
    public long ReadingCount { get; private set; }
    public DateTime CreatedAt { get; private set; } = DateTime.UtcNow;

    public Sensor(Guid projectId, string name, SensorKind kind, string unit)
    {
        ProjectId = projectId;
        Name = name;
        Kind = kind;
        Unit = unit;
    }

    /// <summary>
    /// The sensor's condition from its readings at <paramref name="now"/>: no data yet until a reading arrived, silent
    /// (offline) once the last is older than <paramref name="silentAfter"/>, else the stored status, which monitoring may
    /// raise to warning or critical (a stored offline with fresh readings reads as online).
    /// </summary>
    public SensorCondition ConditionAt(DateTime now, TimeSpan silentAfter)
    {
        if (LastReadingAt is not { } last) return new(SensorStatus.Offline, false, "No data yet");
        if (now - last > silentAfter) return new(SensorStatus.Offline, true, $"Silent since {last:yyyy-MM-dd HH:mm:ss}");
        return Status switch
        {
            SensorStatus.Warning => new(SensorStatus.Warning, true, "Warning"),
            SensorStatus.Critical => new(SensorStatus.Critical, true, "Critical"),
            _ => new(SensorStatus.Online, true, "Online"),
        };
    }

    /// <summary>Readings arrived: the sensor is online and its last reading moves forward (never back for late data).</summary>
    public void Received(int count, DateTime latest)
    {
        ReadingCount += count;
        if (LastReadingAt is null || latest > LastReadingAt) LastReadingAt = latest;
        if (Status == SensorStatus.Offline) Status = SensorStatus.Online;
    }
}
