namespace Lodestone.Datasets;

/// <summary>
/// Summary statistics of one numeric channel. <see cref="Derived"/> marks channels computed from others, such as |B|;
/// <see cref="Truth"/> marks ground truth imported as a channel (<see cref="CsvMapping.TruthChannels"/>): a label channel
/// candidate that runs leave out of their inputs unless they name it.
/// </summary>
public sealed record ChannelProfile(
    string Name, double? Min, double? Max, double? Mean, double? Std, long Missing, bool Derived = false, bool Truth = false);
