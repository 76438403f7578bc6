using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lodestone.Samples;

/// <summary>
/// What really happened in a generated recording: the events (kind, label, category, sensor, window, parameters) and
/// the settings needed to interpret them. Written beside the CSV as <c>NAME.events.json</c> and <c>NAME.events.csv</c>.
/// </summary>
public sealed record GroundTruth(
    DateTimeOffset Start,
    double SampleRateHz,
    ulong Seed,
    double MainsFrequencyHz,
    bool AntiAliasFilter,
    IReadOnlyList<string> SensorIds,
    IReadOnlyList<GroundTruthEvent> Events)
{
    public const string EventsCsvHeader = "kind,label,category,sensor_id,start,end,parameters";

    /// <summary>The labels of the events covering <paramref name="timestamp"/> on a sensor, or just "Normal".</summary>
    public IReadOnlyList<string> LabelsAt(string sensorId, DateTimeOffset timestamp)
    {
        var labels = new List<string>();
        foreach (var e in Events)
            if (e.SensorId == sensorId && e.Contains(timestamp) && !labels.Contains(e.Label)) labels.Add(e.Label);
        if (labels.Count == 0) labels.Add(EventLabels.Normal);
        return labels;
    }

    /// <summary>Where the ground truth of a recording CSV goes: <c>x.csv</c> → <c>x.events.json</c>, <c>x.events.csv</c>.</summary>
    public static (string Json, string Csv) PathsBeside(string recordingCsvPath)
    {
        string stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(recordingCsvPath)) ?? ".",
            Path.GetFileNameWithoutExtension(recordingCsvPath));
        return (stem + ".events.json", stem + ".events.csv");
    }

    public void WriteJson(Stream stream) => JsonSerializer.Serialize(stream, this, GroundTruthJsonContext.Default.GroundTruth);

    public void WriteJson(string path)
    {
        using var stream = File.Create(path);
        WriteJson(stream);
    }

    public static GroundTruth ReadJson(Stream stream) =>
        JsonSerializer.Deserialize(stream, GroundTruthJsonContext.Default.GroundTruth) ?? throw new InvalidDataException("The ground truth file is empty.");

    public static GroundTruth ReadJson(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadJson(stream);
    }

    /// <summary>One event per line; parameters as <c>name=value</c> pairs joined by ';' in a single field.</summary>
    public void WriteCsv(TextWriter writer)
    {
        writer.Write(EventsCsvHeader);
        writer.Write('\n');
        var line = new StringBuilder();
        foreach (var e in Events)
        {
            line.Clear();
            line.Append(e.Kind).Append(',').Append(e.Label).Append(',').Append(e.Category).Append(',').Append(e.SensorId).Append(',')
                .Append(e.Start.UtcDateTime.ToString(MagnetometerCsv.TimestampFormat, CultureInfo.InvariantCulture)).Append(',')
                .Append(e.End.UtcDateTime.ToString(MagnetometerCsv.TimestampFormat, CultureInfo.InvariantCulture)).Append(',');
            bool first = true;
            foreach (var (name, value) in e.Parameters)
            {
                if (!first) line.Append(';');
                line.Append(name).Append('=').Append(value.ToString("R", CultureInfo.InvariantCulture));
                first = false;
            }
            writer.Write(line);
            writer.Write('\n');
        }
        writer.Flush();
    }

    public void WriteCsv(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        WriteCsv(writer);
    }
}
