using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lodestone.Torch.Networks;

/// <summary>
/// A fully convolutional classifier (Wang et al., 2017): stacked Conv1d + batch norm + ReLU blocks, global average pooling
/// over time, and a linear head. Input [batch, channels, length]; output logits [batch, classes].
/// </summary>
public sealed class ConvClassifier : nn.Module<Tensor, Tensor>
{
    // RegisterComponents names layers after these fields: "head" is what freezing all-but-head and new labels act on.
    private readonly Sequential features;
    private readonly Dropout dropout;
    private readonly Linear head;

    public ConvClassifier(int channels, int classes, int hidden, int layers, double dropout) : base(nameof(ConvClassifier))
    {
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        var kernels = new[] { 7, 5, 3 };
        var inputs = channels;
        for (var i = 0; i < Math.Max(1, layers); i++)
        {
            var kernel = kernels[Math.Min(i, kernels.Length - 1)];
            blocks.Add(($"conv{i}", nn.Conv1d(inputs, hidden, kernel, padding: kernel / 2)));
            blocks.Add(($"norm{i}", new HeldScalarBatchNorm1d(hidden)));
            blocks.Add(($"relu{i}", nn.ReLU()));
            inputs = hidden;
        }
        features = nn.Sequential(blocks);
        this.dropout = nn.Dropout(dropout);
        head = nn.Linear(hidden, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var pooled = features.forward(input).mean([2]);
        return head.forward(dropout.forward(pooled)).MoveToOuterDisposeScope();
    }
}
