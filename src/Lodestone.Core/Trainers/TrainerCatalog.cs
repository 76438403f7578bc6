using System.Text.Json;
using Lodestone.Trainers.Anomaly;
using Lodestone.Trainers.Classification;
using Lodestone.Trainers.Sensors;

namespace Lodestone.Trainers;

/// <summary>
/// The trainer kinds this process knows, with their options, defaults and JSON schemas (generated from the options types
/// by System.Text.Json's JsonSchemaExporter), and loading of saved models by the kind in their manifest. The classical
/// kinds register themselves; other assemblies (deep models) add theirs with <see cref="Register"/>.
/// </summary>
public sealed class TrainerCatalog
{
    private readonly Dictionary<string, (ITrainer Trainer, Func<string, ITrainedModel> Load)> _kinds = new(StringComparer.Ordinal);

    public TrainerCatalog()
    {
        Register(new IsolationForestTrainer(), IsolationForestTrainer.Load);
        Register(new PcaDetectorTrainer(), PcaDetectorTrainer.Load);
        Register(new LightGbmTrainer(), LightGbmModel.Load);
        Register(new DriftTrainer(), DriftModel.Load);
        Register(new CalibrationTrainer(), CalibrationModel.Load);
    }

    /// <summary>The built-in kinds and every trainer registered in the container (deep trainers, a host's own).</summary>
    public TrainerCatalog(IEnumerable<ITrainer> trainers) : this()
    {
        foreach (var trainer in trainers)
            Register(trainer, trainer is IModelLoader loader
                ? loader.Load
                : _ => throw new InvalidOperationException($"Models of kind '{trainer.Kind}' cannot be loaded in this process."));
    }

    public void Register(ITrainer trainer, Func<string, ITrainedModel> load) => _kinds[trainer.Kind] = (trainer, load);

    public IReadOnlyList<ITrainer> All => [.. _kinds.Values.Select(k => k.Trainer).OrderBy(t => t.Kind, StringComparer.Ordinal)];

    public ITrainer? Find(string kind) => _kinds.TryGetValue(kind, out var k) ? k.Trainer : null;

    public IReadOnlyList<string> Kinds => [.. _kinds.Keys.Order(StringComparer.Ordinal)];

    public ITrainer Trainer(string kind) => _kinds.TryGetValue(kind, out var k) ? k.Trainer
        : throw new KeyNotFoundException($"No trainer kind '{kind}'; known kinds: {string.Join(", ", Kinds)}.");

    public IReadOnlyList<TrainerCatalogEntry> Entries() => Kinds.Select(Describe).ToList();

    public TrainerCatalogEntry Describe(string kind)
    {
        var trainer = Trainer(kind);
        var defaults = JsonSerializer.SerializeToNode(trainer.CreateDefaultOptions(), trainer.OptionsType, ModelFiles.Json)!;
        var schema = OptionsSchema.For(trainer.OptionsType, defaults);
        return new TrainerCatalogEntry(kind, trainer.Task, trainer.OptionsType, defaults, schema);
    }

    /// <summary>Options of a kind from JSON (as the API and run configs carry them); absent settings keep their defaults.</summary>
    public TrainerOptions ReadOptions(string kind, string json) =>
        (TrainerOptions)(JsonSerializer.Deserialize(json, Trainer(kind).OptionsType, ModelFiles.Json)
            ?? throw new JsonException($"Options for {kind} are empty."));

    /// <summary>Loads a model saved by <see cref="ITrainedModel.Save"/>, by the kind its manifest names.</summary>
    public ITrainedModel Load(string folder)
    {
        var kind = ModelFiles.ReadKind(folder);
        return _kinds.TryGetValue(kind, out var k) ? k.Load(folder)
            : throw new KeyNotFoundException($"The model in {folder} is of kind '{kind}', which this process does not know.");
    }
}
