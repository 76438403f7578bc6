using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lodestone.Torch.Networks;

/// <summary>
/// A sequence-to-sequence LSTM autoencoder: the encoder's last output, repeated over time, feeds a decoder LSTM whose
/// steps a linear head maps back to the channels. Input and output [batch, channels, length].
/// </summary>
public sealed class LstmAutoencoder : nn.Module<Tensor, Tensor>
{
    private readonly LSTM encoder;
    private readonly LSTM decoder;
    private readonly Linear head;

    public LstmAutoencoder(int channels, int hidden, int layers, double dropout) : base(nameof(LstmAutoencoder))
    {
        var between = layers > 1 ? dropout : 0;
        encoder = nn.LSTM(channels, hidden, layers, batchFirst: true, dropout: between);
        decoder = nn.LSTM(hidden, hidden, layers, batchFirst: true, dropout: between);
        head = nn.Linear(hidden, channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var length = input.shape[2];
        var sequence = input.transpose(1, 2);
        var code = encoder.forward(sequence).Item1.select(1, -1);
        var repeated = code.unsqueeze(1).expand(-1, length, -1);
        var decoded = head.forward(decoder.forward(repeated).Item1);
        return decoded.transpose(1, 2).MoveToOuterDisposeScope();
    }
}
