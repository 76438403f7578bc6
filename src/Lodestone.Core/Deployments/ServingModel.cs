using Lodestone.Models;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;
using Lodestone.Trainers.Classification;

namespace Lodestone.Deployments;

/// <summary>
/// A model version loaded and kept warm for serving, with the facts a request needs (window shape, labels, threshold),
/// so that answering reads nothing from the database. <see cref="Predict"/> may be called from many threads at once:
/// kinds whose Predict keeps no state between calls share one instance (isolation forest, drift, calibration, and the
/// TorchSharp networks, which run under no_grad in eval mode and only read their weights); the ML.NET kinds (LightGBM,
/// PCA) go through a pool of instances, one per core, since ML.NET promises thread safety for neither its MLContext nor
/// its prediction objects (its PredictionEngine is documented as not thread-safe).
/// </summary>
public sealed class ServingModel : IDisposable
{
    /// <summary>Kinds whose Predict runs through ML.NET and so gets one loaded instance per concurrent caller.</summary>
    private static readonly HashSet<string> PooledKinds = [LightGbmTrainer.KindName, PcaDetectorTrainer.KindName];

    private readonly ITrainedModel[] _instances;
    private readonly Stack<ITrainedModel>? _free;
    private readonly SemaphoreSlim? _available;

    public Guid VersionId { get; }
    public Guid ProjectId { get; }
    public Guid SourceRunId { get; }
    public string ModelName { get; }
    public int Number { get; }
    public string TrainerKind { get; }
    public TrainingTask Task { get; }
    public ModelWindow Window { get; }
    /// <summary>The channels a request must send, in the model's order.</summary>
    public IReadOnlyList<string> Channels { get; }
    /// <summary>The detector's threshold; null for other tasks.</summary>
    public double? Threshold { get; }
    public bool IsPooled => _free is not null;

    /// <summary>The one instance of a kind that is safe to share between threads; null for the pooled kinds.</summary>
    public ITrainedModel? SharedInstance => _free is null ? _instances[0] : null;

    private ServingModel(ModelVersion version, ITrainedModel[] instances)
    {
        VersionId = version.Id;
        ProjectId = version.ProjectId;
        SourceRunId = version.SourceRunId;
        ModelName = version.ModelName;
        Number = version.Number;
        TrainerKind = version.TrainerKind;
        Task = version.Task;
        Window = version.Window;
        Channels = version.Window.Channels;
        Threshold = (instances[0] as IThresholdDetector)?.Threshold;
        _instances = instances;
        if (instances.Length > 1)
        {
            _free = new Stack<ITrainedModel>(instances);
            _available = new SemaphoreSlim(instances.Length, instances.Length);
        }
    }

    /// <summary>Loads the version's saved model once, or once per core for the pooled kinds.</summary>
    public static ServingModel Load(ModelVersion version, string folder, TrainerCatalog catalog)
    {
        var copies = PooledKinds.Contains(version.TrainerKind) ? Math.Max(2, Environment.ProcessorCount) : 1;
        var instances = new ITrainedModel[copies];
        for (var i = 0; i < copies; i++) instances[i] = catalog.Load(folder);
        return new ServingModel(version, instances);
    }

    /// <summary>One prediction per window, in order; safe to call from many threads.</summary>
    public async ValueTask<IReadOnlyList<Prediction>> PredictAsync(WindowSet windows, CancellationToken cancellationToken = default)
    {
        if (_free is null) return _instances[0].Predict(windows);
        await _available!.WaitAsync(cancellationToken);
        ITrainedModel instance;
        lock (_free) instance = _free.Pop();
        try
        {
            return instance.Predict(windows);
        }
        finally
        {
            lock (_free) _free.Push(instance);
            _available.Release();
        }
    }

    public void Dispose()
    {
        foreach (var instance in _instances) (instance as IDisposable)?.Dispose();
        _available?.Dispose();
    }
}
