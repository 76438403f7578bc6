namespace Lodestone.Sensors;

/// <summary>How sensors' statuses are read from their readings (configuration section <c>Lodestone:Sensors</c>).</summary>
public sealed class SensorOptions
{
    public const string Section = "Lodestone:Sensors";

    /// <summary>A sensor whose last reading is older than this is shown as silent (offline).</summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromMinutes(5);
}
