using System.CommandLine;
using Lodestone.Samples;
using Spectre.Console;

namespace Lodestone.Cli;

/// <summary><c>lodestone samples generate OUT.csv</c>: a synthetic magnetometer recording with its ground-truth events beside it.</summary>
internal static class SamplesCommand
{
    public static Command Create()
    {
        var output = new Argument<FileInfo>("output") { Description = "The CSV to write; the events go to OUTPUT.events.json beside it." };
        var rows = new Option<long?>("--rows") { Description = "How many rows (overrides --minutes)." };
        var minutes = new Option<double>("--minutes") { Description = "Duration of the recording.", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--rate") { Description = "Samples per second.", DefaultValueFactory = _ => 50 };
        var sensors = new Option<int>("--sensors") { Description = "How many sensors.", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed writes the same file.", DefaultValueFactory = _ => 1 };
        var truthColumns = new Option<bool>("--truth-columns")
        {
            Description = "Also write the ground truth into every row: 'event' (the event's code, 0 = normal) and 'anomaly' (0/1), imported as label channels.",
        };
        var generate = new Command("generate", "Write a synthetic magnetometer recording: vehicles, motor, fan, mains hum and sensor faults.")
        {
            output, rows, minutes, rate, sensors, seed, truthColumns,
        };
        generate.SetAction(result =>
        {
            var file = result.GetValue(output)!;
            file.Directory?.Create();
            var options = new RecordingOptions
            {
                Duration = TimeSpan.FromMinutes(result.GetValue(minutes)),
                RowCount = result.GetValue(rows),
                SampleRateHz = result.GetValue(rate),
                SensorCount = result.GetValue(sensors),
                Seed = result.GetValue(seed),
            };
            var truth = MagnetometerRecording.WriteCsv(file.FullName, options, result.GetValue(truthColumns));
            AnsiConsole.MarkupLineInterpolated($"Wrote {file.FullName} ({new FileInfo(file.FullName).Length / (1024.0 * 1024):0.0} MB) with {truth.Events.Count} ground-truth events.");
            return 0;
        });
        return new Command("samples", "Demo and test data.") { generate };
    }
}
