namespace Lodestone.Sensors;

/// <summary>
/// What a sensor's readings say about it now: <see cref="Status"/> for colour and filters, <see cref="Text"/> for people
/// ("No data yet", "Online", "Silent since …", or a monitoring warning). <see cref="HasData"/> is false until a reading came.
/// </summary>
public sealed record SensorCondition(SensorStatus Status, bool HasData, string Text);
