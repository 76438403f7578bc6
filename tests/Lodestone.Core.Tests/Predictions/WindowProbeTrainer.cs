using Lodestone.Trainers;

namespace Lodestone.Predictions;

/// <summary>
/// A model for the prediction tests that says what each window holds: its label is <c>bz-{value}</c> when every b_z
/// sample of the window is the same value (one sensor's), <c>mixed</c> when they differ (a window across two sensors).
/// A window whose b_x is above <see cref="FailAbove"/> makes it throw, as a model that breaks half-way through.
/// </summary>
public sealed class WindowProbeTrainer : ITrainer, IModelLoader
{
    public const string KindName = "test-window-probe";
    public const float FailAbove = 1e6f;

    public string Kind => KindName;
    public TrainingTask Task => TrainingTask.Classification;
    public Type OptionsType => typeof(Options);
    public TrainerOptions CreateDefaultOptions() => new Options();
    public IReadOnlyList<string> Check(WindowSet data, TrainerOptions options) => [];
    public Task<ITrainedModel> FitAsync(WindowSet data, TrainerOptions options, ITrainingContext context) => System.Threading.Tasks.Task.FromResult<ITrainedModel>(new Model());
    public ITrainedModel Load(string folder) => new Model();

    /// <summary>Called before each chunk is predicted, in the flow of the test that set it (other tests' batches never see it).</summary>
    public static readonly AsyncLocal<Action?> BeforePredict = new();

    public sealed class Options : TrainerOptions;

    private sealed class Model : ITrainedModel
    {
        public string Kind => KindName;
        public TrainingTask Task => TrainingTask.Classification;

        public IReadOnlyList<Prediction> Predict(WindowSet data)
        {
            BeforePredict.Value?.Invoke();
            var bz = data.Channels.ToList().IndexOf("b_z");
            var bx = data.Channels.ToList().IndexOf("b_x");
            return [.. Enumerable.Range(0, data.Count).Select(w =>
            {
                var values = data.Series(w, bz).ToArray();
                if (data.Series(w, bx).ToArray().Any(v => v > FailAbove)) throw new InvalidOperationException("The probe met its failure marker.");
                var label = values.All(v => v == values[0]) ? $"bz-{values[0]:0}" : "mixed";
                return new Prediction(0.75, Labels: [label], Scores: new Dictionary<string, double> { [label] = 0.75 });
            })];
        }

        public void Save(string folder) => ModelFiles.WriteManifest(folder, new { kind = KindName });
    }
}
