using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>The trainers this process can run, by kind (every <see cref="ITrainer"/> registered in the container).</summary>
public sealed class TrainerCatalog(IEnumerable<ITrainer> trainers)
{
    private readonly Dictionary<string, ITrainer> _byKind = trainers.ToDictionary(t => t.Kind, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<ITrainer> All => _byKind.Values;

    public ITrainer? Find(string kind) => _byKind.GetValueOrDefault(kind);
}
