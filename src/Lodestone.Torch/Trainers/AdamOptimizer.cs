using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// Adam (Kingma and Ba), as PyTorch computes it. TorchSharp 0.107's own Adam passes temporary Scalar objects to native
/// calls without keeping them alive, so a garbage collection during a step can free one mid-call and the step fails with
/// a random "toFloat" overflow after thousands of steps. Here every Scalar is held until the call that uses it returns.
/// Parameters without a gradient (frozen ones) are skipped, as in PyTorch.
/// </summary>
internal sealed class AdamOptimizer : IDisposable
{
    // Fields keep every Scalar reachable for the optimizer's lifetime, so no finalizer frees one during a native call.
    private readonly Parameter[] parameters;
    private readonly Tensor[] firstMoments;
    private readonly Tensor[] secondMoments;
    private readonly long[] steps;
    private readonly double learningRate, beta1, beta2;
    private readonly Scalar beta1Scalar, beta2Scalar, oneMinusBeta1, oneMinusBeta2, epsilon, one;

    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        this.parameters = parameters.ToArray();
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        firstMoments = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        secondMoments = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        steps = new long[this.parameters.Length];
        beta1Scalar = beta1.ToScalar();
        beta2Scalar = beta2.ToScalar();
        oneMinusBeta1 = (1 - beta1).ToScalar();
        oneMinusBeta2 = (1 - beta2).ToScalar();
        this.epsilon = epsilon.ToScalar();
        one = 1.0.ToScalar();
    }

    public void Step()
    {
        using var noGrad = no_grad();
        for (var i = 0; i < parameters.Length; i++)
        {
            using var gradient = parameters[i].grad;
            if (gradient is null) continue;
            steps[i]++;
            firstMoments[i].mul_(beta1Scalar).add_(gradient, alpha: oneMinusBeta1);
            secondMoments[i].mul_(beta2Scalar).addcmul_(gradient, gradient, value: oneMinusBeta2);
            using var denominatorScale = (1 / Math.Sqrt(1 - Math.Pow(beta2, steps[i]))).ToScalar();
            using var stepSize = (-learningRate / (1 - Math.Pow(beta1, steps[i]))).ToScalar();
            using var root = secondMoments[i].sqrt();
            // add_(Scalar) would create its alpha of 1 as another unprotected temporary; pass one that is held.
            using var denominator = root.mul_(denominatorScale).add_(epsilon, one);
            parameters[i].addcdiv_(firstMoments[i], denominator, value: stepSize);
        }
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(parameters.Length);
        for (var i = 0; i < parameters.Length; i++)
        {
            writer.Write(steps[i]);
            firstMoments[i].Save(writer);
            secondMoments[i].Save(writer);
        }
    }

    public void Load(BinaryReader reader)
    {
        if (reader.ReadInt32() != parameters.Length) throw new InvalidDataException("The checkpoint's optimizer state belongs to another network.");
        for (var i = 0; i < parameters.Length; i++)
        {
            steps[i] = reader.ReadInt64();
            firstMoments[i].Load(reader);
            secondMoments[i].Load(reader);
        }
    }

    public void Dispose()
    {
        foreach (var t in firstMoments.Concat(secondMoments)) t.Dispose();
        foreach (var s in new[] { beta1Scalar, beta2Scalar, oneMinusBeta1, oneMinusBeta2, epsilon, one }) s.Dispose();
    }
}
