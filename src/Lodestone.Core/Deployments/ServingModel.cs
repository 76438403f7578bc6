using Lodestone.Models;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;
using Lodestone.Trainers.Classification;

namespace Lodestone.Deployments;

/// <summary>
/// A model version loaded and kept warm for serving, with the facts a request needs (window shape, labels, threshold),
/// so that answering reads nothing from the database. <see cref="PredictAsync"/> may be called from many threads at once:
/// kinds whose Predict keeps no state between calls share one instance (isolation forest, drift, calibration, and the
/// TorchSharp networks, which run under no_grad in eval mode and only read their weights); the ML.NET kinds go through
/// a pool, one member per core, since ML.NET promises thread safety for neither its MLContext nor its prediction
/// objects (its PredictionEngine is documented as not thread-safe). LightGBM's pool holds prediction engines over one
/// loaded model (a row scored without a data view: measured 0.56 ms → see docs/benchmarks.md, Serving); PCA's holds
/// loaded copies.
/// </summary>
public sealed class ServingModel : IDisposable
{
    private readonly ITrainedModel _model;
    private readonly Func<WindowSet, IReadOnlyList<Prediction>>[] _predictors;
    private readonly Stack<Func<WindowSet, IReadOnlyList<Prediction>>>? _free;
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
    public ITrainedModel? SharedInstance => _free is null ? _model : null;

    private ServingModel(ModelVersion version, ITrainedModel model, Func<WindowSet, IReadOnlyList<Prediction>>[] predictors)
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
        Threshold = (model as IThresholdDetector)?.Threshold;
        _model = model;
        _predictors = predictors;
        if (predictors.Length > 1)
        {
            _free = new Stack<Func<WindowSet, IReadOnlyList<Prediction>>>(predictors);
            _available = new SemaphoreSlim(predictors.Length, predictors.Length);
        }
    }

    /// <summary>Loads the version's saved model (PCA: once per pool member) and makes its predictors.</summary>
    public static ServingModel Load(ModelVersion version, string folder, TrainerCatalog catalog)
    {
        var pool = Math.Max(2, Environment.ProcessorCount);
        var model = catalog.Load(folder);
        Func<WindowSet, IReadOnlyList<Prediction>>[] predictors = model switch
        {
            LightGbmModel lightGbm => [.. Enumerable.Range(0, pool).Select(_ => (Func<WindowSet, IReadOnlyList<Prediction>>)lightGbm.CreatePredictor().Prepared(version.Window.Length).Predict)],
            _ when version.TrainerKind == PcaDetectorTrainer.KindName =>
                [model.Predict, .. Enumerable.Range(1, pool - 1).Select(_ => (Func<WindowSet, IReadOnlyList<Prediction>>)catalog.Load(folder).Predict)],
            _ => [model.Predict],
        };
        return new ServingModel(version, model, predictors);
    }

    /// <summary>One prediction per window, in order; safe to call from many threads.</summary>
    public async ValueTask<IReadOnlyList<Prediction>> PredictAsync(WindowSet windows, CancellationToken cancellationToken = default)
    {
        if (_free is null) return _predictors[0](windows);
        await _available!.WaitAsync(cancellationToken);
        Func<WindowSet, IReadOnlyList<Prediction>> predictor;
        lock (_free) predictor = _free.Pop();
        try
        {
            return predictor(windows);
        }
        finally
        {
            lock (_free) _free.Push(predictor);
            _available.Release();
        }
    }

    public void Dispose()
    {
        (_model as IDisposable)?.Dispose();
        _available?.Dispose();
    }
}
