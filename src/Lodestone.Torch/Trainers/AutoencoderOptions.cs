namespace Lodestone.Torch.Trainers;

/// <summary>Options of the autoencoder anomaly detectors (<c>conv-autoencoder</c>, <c>lstm-autoencoder</c>).</summary>
public sealed class AutoencoderOptions : DeepTrainerOptions
{
    /// <summary>Expected share of anomalies in the training windows; when above 0 it sets the threshold.</summary>
    public double Contamination { get; set; }

    /// <summary>Otherwise the threshold is this quantile of the reconstruction errors of all training windows …</summary>
    public double ThresholdQuantile { get; set; } = 0.999;

    /// <summary>
    /// … multiplied by this factor, which leaves room for normal variation not seen in training. The defaults, 4/3 of the
    /// 0.999 quantile, are the upper control limit of SKAB's reference Conv-AE.
    /// </summary>
    public double ThresholdFactor { get; set; } = 4.0 / 3;
}
