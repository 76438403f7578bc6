namespace Lodestone.Trainers;

/// <summary>A trainer that can load the models it saved, so that the catalogue can load them by kind.</summary>
public interface IModelLoader
{
    ITrainedModel Load(string folder);
}
