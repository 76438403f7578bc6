namespace Lodestone.Models;

/// <summary>A model of that name is already in the project (the API answers 409).</summary>
public sealed class ModelNameTakenException(string name)
    : InvalidInputException($"The project already has a model named '{name}'; choose another name, or leave it out for a suggested one.");
