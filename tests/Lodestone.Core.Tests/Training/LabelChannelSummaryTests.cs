using System.Globalization;
using System.Text;
using System.Text.Json;
using Lodestone.Datasets;
using Lodestone.Tests.Datasets;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;
using Lodestone.Trainers.Classification;

namespace Lodestone.Training;

/// <summary>
/// A label channel read from the sample store: its ranges, the windows each label gets under the run's rule, and the
/// settings suggested from them. The recording is 100 s at 100 Hz with faults of 10 s, 4 s and 2 s.
/// </summary>
public sealed class LabelChannelSummaryTests : IDisposable
{
    private static readonly (int From, int To)[] Faults = [(2_000, 3_000), (6_000, 6_400), (9_000, 9_200)];
    private readonly SampleStoreFixture store = new();
    private readonly SampleStore samples;

    public LabelChannelSummaryTests() => samples = new SampleStore(store.Database);

    public void Dispose() => store.Dispose();

    /// <summary>A pump recording at 100 Hz: a pressure channel and an <c>anomaly</c> channel that is 1 during each fault.</summary>
    private static string PumpCsv(int rows, IReadOnlyList<(int From, int To)> faults, string sensor = "pump-1")
    {
        var builder = new StringBuilder("timestamp,pressure,anomaly,sensor_id\n");
        for (var i = 0; i < rows; i++)
        {
            var fault = faults.Any(f => i >= f.From && i < f.To);
            builder.Append(CultureInfo.InvariantCulture,
                $"{SampleStoreFixture.Start.AddMilliseconds(i * 10):yyyy-MM-ddTHH:mm:ss.fff},{(fault ? 3.5 : 1.0) + Math.Sin(i / 9.0) * 0.1:F4},{(fault ? 1 : 0)},{sensor}\n");
        }
        return builder.ToString();
    }

    private async Task<Dataset> Import(string csv)
    {
        var id = Guid.NewGuid();
        var result = await store.Importer.ImportAsync(store.WriteFile($"{id:N}.csv", csv), "pump.csv", null, store.ProjectId, id);
        var dataset = new Dataset(id, store.ProjectId, "pump", result.Schema, "pump.csv", null);
        dataset.Describe(result.Profile);
        return dataset;
    }

    [Fact]
    public async Task Read_FindsEachFaultAsAnAnomalyRange_WithItsDuration()
    {
        var dataset = await Import(PumpCsv(10_000, Faults));

        var summary = LabelChannelSummary.Read(samples, store.ProjectId, [dataset], "anomaly");

        Assert.Equal(10_000, summary.Rows);
        Assert.Equal(["Normal", "Anomaly", "Normal", "Anomaly", "Normal", "Anomaly", "Normal"], summary.Ranges.Select(r => r.Label));
        Assert.Equal([10.0, 4.0, 2.0], summary.Durations("Anomaly").Select(d => Math.Round(d.TotalSeconds, 3)));
        var first = summary.Ranges[1];
        Assert.Equal((2_000L, 1_000L), (first.FirstRow, first.Rows));
        Assert.Equal(SampleStoreFixture.Start.AddSeconds(20), first.Start);
        // The last range ends one sampling period after its last sample: 8 s of normal data, not 7.99.
        Assert.Equal(8.0, Math.Round(summary.Ranges[^1].Duration.TotalSeconds, 3));
    }

    [Theory]
    [InlineData(128, 64)]
    [InlineData(100, 30)]
    [InlineData(1, 1)]
    [InlineData(500, 1_000)]
    public async Task WindowCounts_MatchTheRunsRule_ThatAWindowTouchingAFaultIsAnAnomaly(int length, int stride)
    {
        var dataset = await Import(PumpCsv(10_000, Faults));
        var summary = LabelChannelSummary.Read(samples, store.ProjectId, [dataset], "anomaly");

        // The rule as the run applies it, window by window on the stored values.
        var windows = samples.ReadWindows(store.ProjectId, dataset.Id, ["anomaly"], null, null, length, stride);
        var anomalous = Enumerable.Range(0, windows.Count).Count(w => windows.Series(w, 0).ToArray().Max() >= 0.5f);

        var counts = summary.WindowCounts(length, stride);
        Assert.Equal(anomalous, counts.GetValueOrDefault("Anomaly"));
        Assert.Equal(windows.Count - anomalous, counts.GetValueOrDefault("Normal"));
    }

    [Fact]
    public async Task WindowCounts_AreSummedOverDatasets_AndReadOnlyTheChosenSensor()
    {
        var faulty = await Import(PumpCsv(10_000, Faults, sensor: "pump-1"));
        var healthy = await Import(PumpCsv(5_000, [], sensor: "pump-2"));

        var both = LabelChannelSummary.Read(samples, store.ProjectId, [faulty, healthy], "anomaly");
        var counts = both.WindowCounts(128, 64);

        Assert.Equal(new Dictionary<string, int> { ["Anomaly"] = 30, ["Normal"] = 125 + 77 }, counts);
        var healthyOnly = LabelChannelSummary.Read(samples, store.ProjectId, [healthy], "anomaly", sensorId: "pump-2");
        Assert.Equal(["Normal"], healthyOnly.WindowCounts(128, 64).Keys);
        Assert.Equal(0, LabelChannelSummary.Read(samples, store.ProjectId, [faulty], "anomaly", sensorId: "pump-2").Rows);
    }

    [Fact]
    public async Task For_SizesAClassifiersWindowFromTheShortFaults_AndBalancesItsClasses()
    {
        var dataset = await Import(PumpCsv(10_000, Faults));
        var summary = LabelChannelSummary.Read(samples, store.ProjectId, [dataset], "anomaly");
        var catalog = new TrainerCatalog();
        catalog.Register(new WeightedClassifier(), _ => throw new NotSupportedException());

        var suggestion = RunSettingsSuggestion.For(catalog, WeightedClassifier.KindName, [dataset], labels: summary);

        using var config = JsonDocument.Parse(suggestion.Config);
        var window = config.RootElement.GetProperty("window");
        // Half of the shorter faults (2 s, the 25th percentile of 2, 4 and 10 s) at 100 Hz is 100 samples: 128.
        Assert.Equal(128, window.GetProperty("length").GetInt32());
        Assert.Equal(64, window.GetProperty("stride").GetInt32());
        Assert.Equal("anomaly", window.GetProperty("labelChannel").GetString());
        Assert.Equal("Balanced", config.RootElement.GetProperty("classWeighting").GetString());
        Assert.Contains(suggestion.Notes, n => n.Contains("Anomaly 30") && n.Contains("Normal 125"));
        Assert.Contains(suggestion.Notes, n => n.Contains("3 anomaly range(s) lasting 2 s–10 s"));
        // 155 labelled windows: enough for nothing deep, so the warning counts them.
        Assert.Contains(suggestion.Notes, n => n.StartsWith("Warning") && n.Contains("155 labelled windows"));
    }

    [Fact]
    public async Task For_HalvesAWindowSizedFromLongFaults_UntilTheDataHoldEnoughWindows()
    {
        var dataset = await Import(PumpCsv(20_000, [(5_000, 8_000), (12_000, 16_000)]));
        var summary = LabelChannelSummary.Read(samples, store.ProjectId, [dataset], "anomaly");

        var suggestion = RunSettingsSuggestion.For(new TrainerCatalog(), LightGbmTrainer.KindName, [dataset], labels: summary);

        using var config = JsonDocument.Parse(suggestion.Config);
        // Half of the 30 s fault asks for 2048 samples, 18 windows; 512 samples give 77, past lightgbm's 50.
        Assert.Equal(512, config.RootElement.GetProperty("window").GetProperty("length").GetInt32());
        Assert.Contains(suggestion.Notes, n => n.Contains("shortened from 2048 to 512"));
        Assert.DoesNotContain(suggestion.Notes, n => n.StartsWith("Warning"));
    }

    [Fact]
    public async Task For_KeepsADetectorsWindowFromTheSamplingRate_WhenTheFaultsAreLong()
    {
        var dataset = await Import(PumpCsv(20_000, [(5_000, 8_000), (12_000, 16_000)]));
        var summary = LabelChannelSummary.Read(samples, store.ProjectId, [dataset], "anomaly");

        var suggestion = RunSettingsSuggestion.For(new TrainerCatalog(), IsolationForestTrainer.KindName, [dataset], labels: summary);

        using var config = JsonDocument.Parse(suggestion.Config);
        // Two seconds at 100 Hz, as without labels; the 30 s and 40 s faults would have asked for 2048 samples.
        Assert.Equal(256, config.RootElement.GetProperty("window").GetProperty("length").GetInt32());
        Assert.Equal("anomaly", config.RootElement.GetProperty("window").GetProperty("labelChannel").GetString());
        Assert.Contains(suggestion.Notes, n => n.Contains("only evaluates a detector"));
    }

    [Fact]
    public async Task For_ShortensADetectorsWindow_WhenTheFaultsAreShorterThanIt()
    {
        var dataset = await Import(PumpCsv(10_000, Faults));
        var summary = LabelChannelSummary.Read(samples, store.ProjectId, [dataset], "anomaly");

        var suggestion = RunSettingsSuggestion.For(new TrainerCatalog(), IsolationForestTrainer.KindName, [dataset], labels: summary);

        using var config = JsonDocument.Parse(suggestion.Config);
        Assert.Equal(128, config.RootElement.GetProperty("window").GetProperty("length").GetInt32());
        Assert.Contains(suggestion.Notes, n => n.Contains("shortened"));
    }

    [Fact]
    public async Task For_WarnsWhenTheLabelChannelMarksNoAnomaly()
    {
        var dataset = await Import(PumpCsv(10_000, []));
        var summary = LabelChannelSummary.Read(samples, store.ProjectId, [dataset], "anomaly");

        var suggestion = RunSettingsSuggestion.For(new TrainerCatalog(), IsolationForestTrainer.KindName, [dataset], labels: summary);

        using var config = JsonDocument.Parse(suggestion.Config);
        Assert.Equal(256, config.RootElement.GetProperty("window").GetProperty("length").GetInt32());
        Assert.Contains(suggestion.Notes, n => n.StartsWith("Warning") && n.Contains("no window is labelled Anomaly"));
    }

    /// <summary>A classifier kind whose options weigh classes, as the deep classifiers' do; it is never fitted here.</summary>
    private sealed class WeightedClassifier : ITrainer
    {
        public const string KindName = "test-weighted-classifier";
        public string Kind => KindName;
        public TrainingTask Task => TrainingTask.Classification;
        public Type OptionsType => typeof(WeightedClassifierOptions);
        public TrainerOptions CreateDefaultOptions() => new WeightedClassifierOptions();
        public IReadOnlyList<string> Check(WindowSet data, TrainerOptions options) => [];
        public Task<ITrainedModel> FitAsync(WindowSet data, TrainerOptions options, ITrainingContext context) => throw new NotSupportedException();
    }

    private sealed class WeightedClassifierOptions : TrainerOptions
    {
        public string ClassWeighting { get; set; } = "None";
    }
}
