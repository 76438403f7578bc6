namespace Lodestone.Samples;

/// <summary>
/// The mapping from event kind to label names. <see cref="Label"/> is the specific label; <see cref="Category"/> is one
/// of the default label categories (Fan Noise, Motor, Normal, Anomaly, Electrical) it belongs under. Time covered by
/// no event is <see cref="Normal"/>.
/// </summary>
public static class EventLabels
{
    public const string Normal = "Normal";
    public const string Anomaly = "Anomaly";
    public const string Motor = "Motor";
    public const string FanNoise = "Fan Noise";
    public const string Electrical = "Electrical";
    public const string Vehicle = "Vehicle";
    public const string Spike = "Spike";
    public const string Dropout = "Dropout";
    public const string Gap = "Gap";
    public const string StuckValue = "Stuck Value";
    public const string OffsetJump = "Offset Jump";

    /// <summary>The default label categories, in the order the app offers them.</summary>
    public static IReadOnlyList<string> Categories { get; } = [FanNoise, Motor, Normal, Anomaly, Electrical];

    public static string Label(EventKind kind) => kind switch
    {
        EventKind.VehiclePass => Vehicle,
        EventKind.Motor => Motor,
        EventKind.Fan => FanNoise,
        EventKind.ElectricalHum => Electrical,
        EventKind.Spike => Spike,
        EventKind.Dropout => Dropout,
        EventKind.Gap => Gap,
        EventKind.StuckValue => StuckValue,
        EventKind.OffsetJump => OffsetJump,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// The number of a kind in the <c>event</c> truth column (<see cref="MagnetometerCsv.TruthColumns"/>): 0 is Normal,
    /// 1 VehiclePass, 2 Motor, 3 Fan, 4 ElectricalHum, 5 Spike, 6 Dropout, 7 Gap, 8 StuckValue, 9 OffsetJump.
    /// </summary>
    public static int Code(EventKind kind) => (int)kind + 1;

    /// <summary>
    /// A passing vehicle is a magnetic anomaly in the magnetometer's sense, and the sensor faults are anomalies of the
    /// recording; the machines and the hum have categories of their own.
    /// </summary>
    public static string Category(EventKind kind) => kind switch
    {
        EventKind.Motor => Motor,
        EventKind.Fan => FanNoise,
        EventKind.ElectricalHum => Electrical,
        _ => Anomaly,
    };

    /// <summary>Faults change what the sensor reports; the other kinds are fields that really reach the sensor.</summary>
    public static bool IsFault(EventKind kind) =>
        kind is EventKind.Spike or EventKind.Dropout or EventKind.Gap or EventKind.StuckValue or EventKind.OffsetJump;
}
