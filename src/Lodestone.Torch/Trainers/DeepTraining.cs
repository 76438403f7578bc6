using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>Small pieces shared by the classifier and autoencoder trainers.</summary>
internal static class DeepTraining
{
    /// <summary>
    /// Runs a fit on a thread of its own: libtorch's flush-to-zero and thread count are per-thread settings, so the whole
    /// fit must stay on the thread that set them.
    /// </summary>
    public static Task<T> OnTrainingThread<T>(Func<T> fit) =>
        Task.Factory.StartNew(fit, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static Tensor ToTensor(float[] values, int count, int channels, int length, Device device) =>
        tensor(values).reshape(count, channels, length).to(device);

    /// <summary>
    /// Holds out about <paramref name="fraction"/> of the windows of every stratum (class), chosen by the seed, keeping
    /// at least one window of each stratum for training.
    /// </summary>
    public static (List<int> Train, List<int> Valid) Split(IReadOnlyList<int> windows, IReadOnlyList<int> strata, double fraction, int seed)
    {
        var train = new List<int>();
        var valid = new List<int>();
        var random = new Random(seed);
        foreach (var group in Enumerable.Range(0, windows.Count).GroupBy(i => strata[i]).OrderBy(g => g.Key))
        {
            var members = group.Select(i => windows[i]).ToArray();
            random.Shuffle(members);
            var held = members.Length > 1 ? Math.Min(members.Length - 1, (int)Math.Round(members.Length * fraction)) : 0;
            valid.AddRange(members.Take(held));
            train.AddRange(members.Skip(held));
        }
        train.Sort();
        valid.Sort();
        return (train, valid);
    }

    /// <summary>Points deep options at a saved model to continue from; freezing and unfreezing stay as the options say.</summary>
    public static Lodestone.Trainers.TrainerOptions StartFrom(Lodestone.Trainers.TrainerOptions options, string modelFolder)
    {
        if (options is not DeepTrainerOptions deep) throw new ArgumentException($"Deep trainers take {nameof(DeepTrainerOptions)}, not {options.GetType().Name}.", nameof(options));
        deep.StartFrom = modelFolder;
        return deep;
    }

    /// <summary>The earlier model to continue from, checked against the new data, or null for a fresh start.</summary>
    public static DeepModelManifest? ReadParent(DeepTrainerOptions options, string kind, Lodestone.Trainers.WindowSet data)
    {
        if (string.IsNullOrWhiteSpace(options.StartFrom)) return null;
        var parent = DeepModelManifest.Read(options.StartFrom);
        var problems = CheckParent(parent, kind, data);
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems));
        return parent;
    }

    public static List<string> CheckParent(DeepModelManifest parent, string kind, Lodestone.Trainers.WindowSet data)
    {
        var problems = new List<string>();
        if (parent.Kind != kind) problems.Add($"The model to continue from is a {parent.Kind}, not a {kind}.");
        if (!parent.Channels.SequenceEqual(data.Channels))
            problems.Add($"The model to continue from reads channels {string.Join(", ", parent.Channels)}; the data has {string.Join(", ", data.Channels)}.");
        if (parent.Length != data.Length)
            problems.Add($"The model to continue from reads windows of {parent.Length} steps; the data has {data.Length}.");
        return problems;
    }

    public static List<string> CheckCommon(Lodestone.Trainers.WindowSet data, DeepTrainerOptions options, string kind)
    {
        var problems = new List<string>();
        if (data.Channels.Count == 0) problems.Add("The windows have no channels.");
        if (data.Length < 4) problems.Add($"Windows need at least 4 steps; these have {data.Length}.");
        if (options.Epochs < 1) problems.Add("Epochs must be at least 1.");
        if (options.BatchSize < 1) problems.Add("Batch size must be at least 1.");
        if (options.LearningRate <= 0) problems.Add("Learning rate must be positive.");
        if (options.HiddenSize < 2) problems.Add("Hidden size must be at least 2.");
        if (options.ValidationFraction is < 0 or >= 1) problems.Add("Validation fraction must be in [0, 1).");
        if (!string.IsNullOrWhiteSpace(options.FreezeLayers) && data.Channels.Count > 0 && data.Length >= 4 && options.HiddenSize >= 2)
        {
            using var network = DeepNetworks.Create(kind, data.Channels.Count, data.Length, 2, options);
            try { _ = new LayerFreezer(network, options.FreezeLayers); }
            catch (ArgumentException e) { problems.Add(e.Message); }
        }
        if (!string.IsNullOrWhiteSpace(options.StartFrom))
        {
            if (!File.Exists(Path.Combine(options.StartFrom, DeepModelManifest.FileName)))
                problems.Add($"No saved model to continue from in {options.StartFrom}.");
            else problems.AddRange(CheckParent(DeepModelManifest.Read(options.StartFrom), kind, data));
        }
        return problems;
    }
}
