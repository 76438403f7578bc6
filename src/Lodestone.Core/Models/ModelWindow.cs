namespace Lodestone.Models;

/// <summary>
/// How a model version's windows were cut: length and stride in samples, the input channels in order, the channel
/// that labelled them (if any) and the sampling rate. A run continuing from the version cuts its windows the same way
/// unless its config says otherwise.
/// </summary>
public sealed class ModelWindow
{
    public int Length { get; init; }
    public int Stride { get; init; }
    public List<string> Channels { get; init; } = [];
    public string? LabelChannel { get; init; }
    public double SampleRateHz { get; init; }
}
