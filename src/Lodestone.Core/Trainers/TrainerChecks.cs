using Lodestone.Features;

namespace Lodestone.Trainers;

/// <summary>The checks most trainers share; each adds its problems to a list so that a user sees all of them at once.</summary>
public static class TrainerChecks
{
    public static void MinimumWindows(WindowSet data, int minimum, string kind, List<string> problems)
    {
        if (data.Count < minimum)
            problems.Add($"{kind} needs at least {minimum} windows; the data have {data.Count}.");
    }

    public static void Channels(WindowSet data, TrainerOptions options, List<string> problems)
    {
        var missing = options.Channels.Where(c => !data.Channels.Contains(c)).ToList();
        if (missing.Count > 0)
            problems.Add($"Missing channels: {string.Join(", ", missing)} (the data have {string.Join(", ", data.Channels)}).");
        if (data.Channels.Count == 0)
            problems.Add("The data have no channels.");
    }

    /// <summary>Throws a <see cref="TrainerDataException"/> listing every problem when there are any.</summary>
    public static void ThrowIfAny(string kind, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0) throw new TrainerDataException(kind, problems);
    }

    /// <summary>The options' channels of the data, in the options' order (all channels when the options name none).</summary>
    public static WindowSet SelectChannels(WindowSet data, IReadOnlyList<string> channels) =>
        ChannelSelection.Apply(data, channels);
}
