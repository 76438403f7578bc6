namespace Lodestone.Samples;

/// <summary>
/// An event placed by the caller rather than by the random rates: <paramref name="Start"/> from the beginning of the
/// recording, on sensor number <paramref name="Sensor"/> (0-based). <paramref name="Duration"/> is drawn from the kind's
/// usual range when null; a vehicle pass ignores it (its window follows from speed, distance and moment). Any parameter
/// in <paramref name="Parameters"/> replaces the drawn one; the names per kind are in samples/README.md.
/// </summary>
public sealed record ScriptedEvent(
    EventKind Kind,
    TimeSpan Start,
    TimeSpan? Duration = null,
    int Sensor = 0,
    IReadOnlyDictionary<string, double>? Parameters = null);
