using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lodestone.Torch.Networks;

/// <summary>
/// Batch normalisation over channels of [batch, channels, length], as <c>nn.BatchNorm1d</c> with the same parameter and
/// buffer names (saved models load either way). TorchSharp 0.107's BatchNorm counts batches with <c>add_(1)</c>, whose
/// temporary Scalars a garbage collection can free in the middle of the native call; the step then fails with a random
/// "toLong" overflow. Here the Scalars of that count are fields, alive for the module's lifetime (as in AdamOptimizer).
/// </summary>
public sealed class HeldScalarBatchNorm1d : nn.Module<Tensor, Tensor>
{
    private const double Epsilon = 1e-5;
    private const double Momentum = 0.1;

    private readonly Scalar one = 1L.ToScalar();

    public HeldScalarBatchNorm1d(long features) : base(nameof(HeldScalarBatchNorm1d))
    {
        register_parameter("weight", new Parameter(ones(features)));
        register_parameter("bias", new Parameter(zeros(features)));
        register_buffer("running_mean", zeros(features));
        register_buffer("running_var", ones(features));
        register_buffer("num_batches_tracked", tensor(0L));
    }

    public override Tensor forward(Tensor input)
    {
        // Looked up by name on every call: moving the module to another device replaces its tensors.
        if (training)
            using (no_grad())
                get_buffer("num_batches_tracked")!.add_(one, one);
        return nn.functional.batch_norm(input, get_buffer("running_mean"), get_buffer("running_var"),
            get_parameter("weight"), get_parameter("bias"), training, Momentum, Epsilon);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) one.Dispose();
        base.Dispose(disposing);
    }
}
