namespace Lodestone.Labels;

/// <summary>Who put an annotation there: a person labelling, a model's prediction, or a person reviewing one.</summary>
public enum AnnotationSource
{
    Human,
    Model,
    Review,
}
