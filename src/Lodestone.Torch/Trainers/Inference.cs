using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>Runs a network over many windows in batches without gradients and returns one row of values per window.</summary>
internal static class Inference
{
    private const int Batch = 256;

    public static float[][] Run(nn.Module<Tensor, Tensor> network, float[] values, int count, int channels, int length,
        Device device, Func<Tensor, Tensor, Tensor> perWindow)
    {
        network.eval();
        using var noGrad = no_grad();
        var rows = new float[count][];
        for (var start = 0; start < count; start += Batch)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(Batch, count - start);
            var input = tensor(values.AsSpan(start * channels * length, size * channels * length).ToArray())
                .reshape(size, channels, length).to(device);
            var result = perWindow(input, network.forward(input)).reshape(size, -1).cpu();
            var flat = result.data<float>().ToArray();
            var width = (int)result.shape[1];
            for (var i = 0; i < size; i++) rows[start + i] = flat.AsSpan(i * width, width).ToArray();
        }
        return rows;
    }

    /// <summary>
    /// Mean absolute reconstruction error of each window, as SKAB's autoencoder baselines score: the threshold factor
    /// then scales an error in the data's own (standardised) units rather than a squared one.
    /// </summary>
    public static Tensor ReconstructionError(Tensor input, Tensor output) =>
        (output - input).abs().mean([1, 2]);
}
