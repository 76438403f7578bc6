using System.Text.Json;
using System.Text.Json.Nodes;
using Lodestone.Datasets;
using Lodestone.Features;
using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// The config a person starts from: the trainer's defaults, a window suggested from the dataset's sampling rate,
/// epochs and learning rate for deep kinds sized to the data, balanced class weights when the labels are imbalanced,
/// and a warning when the data are too few for the kind.
/// </summary>
public sealed record RunSettingsSuggestion(string Config, IReadOnlyList<string> Notes)
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Settings for <paramref name="kind"/> on <paramref name="datasets"/>. <paramref name="labelCounts"/> (windows or
    /// annotations per label, when known before the run) turns on balanced class weights for kinds that have them
    /// when the labels are imbalanced.
    /// </summary>
    public static RunSettingsSuggestion For(TrainerCatalog catalog, string kind, IReadOnlyList<Dataset> datasets,
        IReadOnlyDictionary<string, int>? labelCounts = null)
    {
        if (datasets.Count == 0) throw new InvalidInputException("Choose at least one dataset to suggest settings from.");
        var config = catalog.Describe(kind).Defaults.AsObject();
        var notes = new List<string>();
        var rate = datasets[0].SamplingRateHz ?? 1;
        // Drift follows one value per sample; the other kinds read windows suggested from the sampling rate.
        var window = kind == Trainers.Sensors.DriftModel.KindName
            ? new WindowSuggestion(1, 1, "drift reads every sample as one reading")
            : WindowSuggestion.Suggest(rate);
        notes.Add(window.Size == 1 ? $"Window: {window.Reason}." : $"Window: {window.Reason}; windows overlap by half.");
        var windows = datasets.Sum(d => Math.Max(0, (d.RowCount - window.Size) / window.Stride + 1));
        config["window"] = new JsonObject { ["length"] = window.Size, ["stride"] = window.Stride };

        if (config.ContainsKey("epochs"))
        {
            var (epochs, learningRate) = TrainerSuggestions.DeepDefaults(kind, (int)Math.Min(windows, int.MaxValue));
            config["epochs"] = epochs;
            config["learningRate"] = learningRate;
            notes.Add($"{epochs} epochs at learning rate {learningRate:G3} for about {windows:N0} windows.");
        }
        if (config.ContainsKey("classWeighting") && labelCounts is not null && TrainerSuggestions.IsImbalanced(labelCounts))
        {
            config["classWeighting"] = "Balanced";
            notes.Add($"Class weights balanced (inverse frequency): the labels are imbalanced ({string.Join(", ", labelCounts.Select(p => $"{p.Key} {p.Value:N0}"))}).");
        }
        if (kind == Trainers.Sensors.CalibrationModel.KindName)
            notes.Add("Calibration learns from a sensor's calibration records, not from datasets: name the sensor in \"sensor\".");
        var minimum = TrainerSuggestions.MinimumWindows(kind);
        if (windows < minimum)
            notes.Add($"Warning: about {windows:N0} windows, fewer than the {minimum:N0} that {kind} needs to be judged fairly; add data or shorten the window.");
        return new RunSettingsSuggestion(config.ToJsonString(Indented), notes);
    }
}
