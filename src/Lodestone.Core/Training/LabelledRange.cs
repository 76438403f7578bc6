namespace Lodestone.Training;

/// <summary>
/// A stretch of consecutive samples of one dataset that a label channel gives the same label: rows
/// [<see cref="FirstRow"/>, <see cref="FirstRow"/> + <see cref="Rows"/>) counted after the sensor filter, from
/// <see cref="Start"/> to <see cref="End"/> (the next sample's time, so that a range of n samples at rate r lasts n / r).
/// </summary>
public sealed record LabelledRange(Guid DatasetId, string Label, DateTime Start, DateTime End, long FirstRow, long Rows)
{
    public TimeSpan Duration => End - Start;
}
