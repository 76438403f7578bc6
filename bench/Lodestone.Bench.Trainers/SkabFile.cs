using System.Globalization;

namespace Lodestone.Bench.Trainers;

/// <summary>One SKAB recording: eight sensor channels at 1 Hz with a per-row anomaly label.</summary>
internal sealed record SkabFile(string Path, string[] Channels, float[][] Series, DateTime[] Times, bool[] Anomaly)
{
    public int Rows => Times.Length;

    public static SkabFile Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(';');
        var channels = header[1..^2];
        var rows = lines.Length - 1;
        var series = channels.Select(_ => new float[rows]).ToArray();
        var times = new DateTime[rows];
        var anomaly = new bool[rows];
        for (var r = 0; r < rows; r++)
        {
            var cells = lines[r + 1].Split(';');
            times[r] = DateTime.Parse(cells[0], CultureInfo.InvariantCulture);
            for (var c = 0; c < channels.Length; c++)
                series[c][r] = float.Parse(cells[c + 1], CultureInfo.InvariantCulture);
            anomaly[r] = double.Parse(cells[^2], CultureInfo.InvariantCulture) > 0.5;
        }
        return new SkabFile(path, channels, series, times, anomaly);
    }

    /// <summary>The 20 labelled files of the subset, in a stable order.</summary>
    public static IReadOnlyList<string> List(string skabFolder) =>
        new[] { "valve1", "valve2" }.SelectMany(folder => Directory.GetFiles(System.IO.Path.Combine(skabFolder, folder), "*.csv")
            .OrderBy(f => int.Parse(System.IO.Path.GetFileNameWithoutExtension(f), CultureInfo.InvariantCulture))).ToList();
}
