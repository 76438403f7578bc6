using Lodestone.Models;

namespace Lodestone.Models;

/// <summary>A model version named as people say it: <c>{ModelName} v{Number}</c>, with its id and the run that trained it.</summary>
public sealed record ModelVersionRef(Guid Id, string ModelName, int Number, Guid SourceRunId)
{
    public static ModelVersionRef Of(ModelVersion version) => new(version.Id, version.ModelName, version.Number, version.SourceRunId);

    public override string ToString() => $"{ModelName} v{Number}";
}
