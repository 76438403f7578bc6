using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lodestone.Torch.Networks;

/// <summary>
/// A Transformer encoder over time steps: a linear projection of the channels, sinusoidal positions, encoder layers,
/// mean pooling over time and a linear head. Input [batch, channels, length]; output logits [batch, classes].
/// </summary>
public sealed class TransformerClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Linear projection;
    private readonly ModuleList<TransformerEncoderLayer> encoder;
    private readonly Dropout dropout;
    private readonly Linear head;
    private readonly Tensor positions;

    public TransformerClassifier(int channels, int length, int classes, int model, int heads, int layers, double dropout)
        : base(nameof(TransformerClassifier))
    {
        projection = nn.Linear(channels, model);
        encoder = nn.ModuleList(Enumerable.Range(0, Math.Max(1, layers))
            .Select(_ => nn.TransformerEncoderLayer(model, heads, model * 2, dropout)).ToArray());
        this.dropout = nn.Dropout(dropout);
        head = nn.Linear(model, classes);
        positions = Sinusoids(length, model);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // The encoder layers take [time, batch, features].
        var x = projection.forward(input.permute(2, 0, 1)) + positions.to(input.device).unsqueeze(1);
        foreach (var layer in encoder) x = layer.forward(x);
        return head.forward(dropout.forward(x.mean([0]))).MoveToOuterDisposeScope();
    }

    private static Tensor Sinusoids(int length, int model)
    {
        var values = new float[length * model];
        for (var t = 0; t < length; t++)
            for (var i = 0; i < model; i++)
            {
                var angle = t / Math.Pow(10000, 2.0 * (i / 2) / model);
                values[t * model + i] = (float)(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        return tensor(values).reshape(length, model);
    }
}
