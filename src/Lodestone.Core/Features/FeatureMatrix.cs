namespace Lodestone.Features;

/// <summary>One row of features per window, row-major: <c>Values[row * Names.Count + column]</c>.</summary>
public sealed class FeatureMatrix
{
    public IReadOnlyList<string> Names { get; }
    public float[] Values { get; }
    public int Rows { get; }

    public FeatureMatrix(IReadOnlyList<string> names, float[] values)
    {
        if (names.Count == 0 || values.Length % names.Count != 0)
            throw new ArgumentException($"{values.Length} values do not make whole rows of {names.Count} columns.", nameof(values));
        Names = names;
        Values = values;
        Rows = values.Length / names.Count;
    }

    public int Columns => Names.Count;

    public ReadOnlySpan<float> Row(int index) => Values.AsSpan(index * Columns, Columns);

    public float this[int row, int column] => Values[row * Columns + column];

    /// <summary>The rows of a window set taken as they are: channel-major flattening of each window (for raw-point detectors).</summary>
    public static FeatureMatrix FromRawWindows(Trainers.WindowSet windows)
    {
        var names = new List<string>(windows.Channels.Count * windows.Length);
        foreach (var channel in windows.Channels)
            for (var t = 0; t < windows.Length; t++)
                names.Add(windows.Length == 1 ? channel : $"{channel}[{t}]");
        return new FeatureMatrix(names, windows.Values);
    }
}
