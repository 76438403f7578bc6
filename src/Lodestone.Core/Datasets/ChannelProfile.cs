namespace Lodestone.Datasets;

/// <summary>Summary statistics of one numeric channel. <see cref="Derived"/> marks channels computed from others, such as |B|.</summary>
public sealed record ChannelProfile(
    string Name, double? Min, double? Max, double? Mean, double? Std, long Missing, bool Derived = false);
