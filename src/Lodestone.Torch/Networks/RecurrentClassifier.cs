using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lodestone.Torch.Networks;

/// <summary>
/// An LSTM or GRU over time followed by a linear head on the last step's output.
/// Input [batch, channels, length]; output logits [batch, classes].
/// </summary>
public sealed class RecurrentClassifier : nn.Module<Tensor, Tensor>
{
    private readonly LSTM? lstm;
    private readonly GRU? gru;
    private readonly Dropout dropout;
    private readonly Linear head;

    public RecurrentClassifier(RecurrentKind kind, int channels, int classes, int hidden, int layers, double dropout)
        : base(nameof(RecurrentClassifier))
    {
        // PyTorch applies recurrent dropout only between stacked layers, and warns when there is just one.
        var between = layers > 1 ? dropout : 0;
        if (kind == RecurrentKind.Lstm) lstm = nn.LSTM(channels, hidden, layers, batchFirst: true, dropout: between);
        else gru = nn.GRU(channels, hidden, layers, batchFirst: true, dropout: between);
        this.dropout = nn.Dropout(dropout);
        head = nn.Linear(hidden, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var sequence = input.transpose(1, 2);
        var output = lstm is not null ? lstm.forward(sequence).Item1 : gru!.forward(sequence).Item1;
        var last = output.select(1, -1);
        return head.forward(dropout.forward(last)).MoveToOuterDisposeScope();
    }
}
