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
public sealed record RunSettingsSuggestion(string Config, IReadOnlyList<string> Notes, string? ModelName = null)
{
    /// <summary>
    /// Settings for <paramref name="kind"/> on <paramref name="datasets"/>. <paramref name="labelCounts"/> (windows or
    /// annotations per label, when known before the run) turns on balanced class weights for kinds that have them
    /// when the labels are imbalanced. <paramref name="labels"/>, a label channel's summary, sets the config's
    /// <c>window.labelChannel</c>, sizes the window from its anomaly ranges and counts windows per label for the weights
    /// and the too-few warning; <paramref name="sensor"/> sets <c>window.sensor</c>. <paramref name="memory"/>, the slowest
    /// input channel's memory, sizes the window of slow data (see <see cref="WindowSuggestion.IsSlow"/>).
    /// </summary>
    public static RunSettingsSuggestion For(TrainerCatalog catalog, string kind, IReadOnlyList<Dataset> datasets,
        IReadOnlyDictionary<string, int>? labelCounts = null, LabelChannelSummary? labels = null, string? sensor = null,
        ChannelMemory? memory = null)
    {
        if (datasets.Count == 0) throw new InvalidInputException("Choose at least one dataset to suggest settings from.");
        var entry = catalog.Describe(kind);
        var config = entry.Defaults.AsObject();
        var notes = new List<string>();
        var rate = datasets[0].SamplingRateHz ?? 1;
        var window = Window(kind, entry.Task, rate, labels, memory, SampleStoreWindowSource.RowsRead(datasets, sensor), notes);
        if (labels is not null && entry.Task != TrainingTask.AnomalyDetection) window = EnoughWindows(kind, window, rate, labels, notes);
        notes.Add(window.Size == 1 ? $"Window: {window.Reason}." : $"Window: {window.Reason}; windows overlap by half.");
        var counts = labels?.WindowCounts(window.Size, window.Stride);
        long windows = counts is not null
            ? counts.Values.Sum(c => (long)c)
            : datasets.Sum(d => Math.Max(0, (d.RowCount - window.Size) / window.Stride + 1));
        var windowConfig = new JsonObject { ["length"] = window.Size, ["stride"] = window.Stride };
        if (labels is not null) windowConfig["labelChannel"] = labels.Channel;
        if (sensor is not null) windowConfig["sensor"] = sensor;
        config["window"] = windowConfig;
        if (counts is not null)
        {
            notes.Add($"Windows per label from '{labels!.Channel}': {Describe(counts)}.");
            labelCounts ??= counts;
            if (!counts.ContainsKey(SampleStoreWindowSource.AnomalyLabel))
                notes.Add($"Warning: '{labels.Channel}' is never 0.5 or more in these data, so no window is labelled {SampleStoreWindowSource.AnomalyLabel}; {(entry.Task == TrainingTask.AnomalyDetection ? "the detector cannot be evaluated" : "a classifier needs both labels")}.");
        }

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
            notes.Add($"Class weights balanced (inverse frequency): the labels are imbalanced ({Describe(labelCounts)}).");
        }
        if (kind == Trainers.Sensors.CalibrationModel.KindName)
            notes.Add("Calibration learns from a sensor's calibration records, not from datasets: name the sensor in \"sensor\".");
        var minimum = TrainerSuggestions.MinimumWindows(kind);
        if (windows < minimum)
            notes.Add($"Warning: about {windows:N0} {(counts is null ? "" : "labelled ")}windows, fewer than the {minimum:N0} that {kind} needs to be judged fairly; add data or shorten the window.");
        // Read back as any run's config is, so that what is suggested is always a recipe a run is created from.
        using var suggested = JsonDocument.Parse(config.ToJsonString());
        var recipe = RunRecipeReader.Read(catalog, kind, suggested.RootElement, [.. datasets.Select(d => d.Id)]);
        return new RunSettingsSuggestion(recipe.ToConfigJson(indented: true), notes);
    }

    private static WindowSuggestion Window(string kind, TrainingTask task, double rate, LabelChannelSummary? labels, ChannelMemory? memory,
        IReadOnlyCollection<long> rows, List<string> notes)
    {
        // Drift follows one value per sample; the other kinds read windows suggested from the sampling rate (and for slow
        // data from the channels' memory).
        if (kind == Trainers.Sensors.DriftModel.KindName) return new WindowSuggestion(1, 1, "drift reads every sample as one reading");
        var fromRate = WindowSuggestion.Suggest(rate, memory: memory).WithEnoughWindows(rate, rows, TrainerSuggestions.MinimumWindows(kind));
        var anomalies = labels?.Durations(SampleStoreWindowSource.AnomalyLabel).Where(d => d > TimeSpan.Zero).ToList() ?? [];
        if (anomalies.Count == 0) return fromRate;
        var ordered = anomalies.Order().ToList();
        var lasting = ordered[0] == ordered[^1] ? Seconds(ordered[0]) : $"{Seconds(ordered[0])}–{Seconds(ordered[^1])} (median {Seconds(ordered[ordered.Count / 2])})";
        notes.Add($"'{labels!.Channel}' marks {ordered.Count:N0} anomaly range(s) lasting {lasting}.");
        var fromLabels = WindowSuggestion.Suggest(rate, anomalies);
        if (task != TrainingTask.AnomalyDetection) return fromLabels;
        // A detector never learns from the label channel: it only judges the detector afterwards. What a detector needs is
        // enough context to see normal behaviour, which the sampling rate (or the channels' memory) sizes, so its window
        // does not grow towards long faults. It shrinks to the label-derived size only when that is shorter: a fault shorter than the window is
        // diluted among normal samples in the window's features, and every window touching it counts as an anomaly.
        if (fromLabels.Size < fromRate.Size)
        {
            notes.Add("The window is shortened so that even the shorter anomaly ranges fill whole windows; the detector still learns without labels.");
            return fromLabels;
        }
        return fromRate with { Reason = $"{fromRate.Reason}; '{labels.Channel}' only evaluates a detector, so its anomaly ranges do not lengthen the window" };
    }

    /// <summary>
    /// Halves a window sized from long labelled ranges until the data hold the windows the kind needs, but not below the
    /// sampling-rate window: long faults in short recordings (SKAB's 7-minute faults in 20-minute files) would otherwise
    /// leave a classifier a handful of windows, which is what the too-few warning would then ask the person to fix by hand.
    /// </summary>
    private static WindowSuggestion EnoughWindows(string kind, WindowSuggestion window, double rate, LabelChannelSummary labels, List<string> notes)
    {
        var floor = WindowSuggestion.Suggest(rate).Size;
        var minimum = TrainerSuggestions.MinimumWindows(kind);
        var size = window.Size;
        long Count(int length) => labels.WindowCounts(length, SampleStoreWindowSource.DefaultStride(length)).Values.Sum(c => (long)c);
        while (size / 2 >= floor && Count(size) < minimum) size /= 2;
        if (size == window.Size) return window;
        notes.Add($"The window is shortened from {window.Size} to {size} samples so that the data hold about {Count(size):N0} windows (at least {minimum:N0} advisable for {kind}, or as many as the sampling-rate window allows).");
        return new WindowSuggestion(size, SampleStoreWindowSource.DefaultStride(size),
            $"{size} samples at {rate:0.###} Hz: the labelled ranges ask for {window.Size}, halved until the data hold enough windows");
    }

    private static string Seconds(TimeSpan duration) => $"{duration.TotalSeconds:0.###} s";

    private static string Describe(IReadOnlyDictionary<string, int> counts) => string.Join(", ", counts.Select(p => $"{p.Key} {p.Value:N0}"));
}
