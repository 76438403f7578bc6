namespace Lodestone.Trainers;

/// <summary>Options suggested from the data, the class weights they imply, and warnings a user should read before training.</summary>
public sealed record TrainerSuggestion(TrainerOptions Options, IReadOnlyDictionary<string, double> ClassWeights, IReadOnlyList<string> Warnings);
