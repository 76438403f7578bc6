using Lodestone.Features;

namespace Lodestone.Trainers.Anomaly;

/// <summary>Turns windows into the rows a detector scores: chosen channels, raw values or features, then standardisation.</summary>
public sealed record AnomalyPreprocessor(IReadOnlyList<string> Channels, AnomalyInput Input, int Bands, FeatureScaler? Scaler)
{
    public static AnomalyPreprocessor Fit(WindowSet data, AnomalyDetectorOptions options)
    {
        var channels = options.Channels.Count > 0 ? options.Channels : data.Channels;
        var input = options.Input != AnomalyInput.Auto ? options.Input : data.Length == 1 ? AnomalyInput.Raw : AnomalyInput.Features;
        var unscaled = new AnomalyPreprocessor([.. channels], input, options.Bands, null);
        return options.Standardize ? unscaled with { Scaler = FeatureScaler.Fit(unscaled.Transform(data)) } : unscaled;
    }

    public FeatureMatrix Transform(WindowSet data)
    {
        var selected = ChannelSelection.Apply(data, Channels);
        var matrix = Input == AnomalyInput.Raw
            ? FeatureMatrix.FromRawWindows(selected)
            : new FeatureExtractor(Bands).Extract(selected);
        return Scaler?.Transform(matrix) ?? matrix;
    }
}
