using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lodestone.Torch.Networks;

/// <summary>
/// The convolutional autoencoder of the SKAB leaderboard: two strided Conv1d layers down, two transposed ones up, and a
/// Conv1d head back to the channels. Input and output [batch, channels, length].
/// </summary>
public sealed class ConvAutoencoder : nn.Module<Tensor, Tensor>
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly Conv1d head;

    public ConvAutoencoder(int channels, int hidden, double dropout) : base(nameof(ConvAutoencoder))
    {
        var narrow = Math.Max(1, hidden / 2);
        encoder = nn.Sequential(
            ("conv0", nn.Conv1d(channels, hidden, 7, stride: 2, padding: 3)),
            ("relu0", nn.ReLU()),
            ("dropout0", nn.Dropout(dropout)),
            ("conv1", nn.Conv1d(hidden, narrow, 7, stride: 2, padding: 3)),
            ("relu1", nn.ReLU()));
        decoder = nn.Sequential(
            ("deconv0", nn.ConvTranspose1d(narrow, narrow, 7, stride: 2, padding: 3, output_padding: 1)),
            ("relu0", nn.ReLU()),
            ("dropout0", nn.Dropout(dropout)),
            ("deconv1", nn.ConvTranspose1d(narrow, hidden, 7, stride: 2, padding: 3, output_padding: 1)),
            ("relu1", nn.ReLU()));
        head = nn.Conv1d(hidden, channels, 7, padding: 3);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var length = input.shape[2];
        // Each strided layer rounds the length up, so the decoder may return a few steps more than it was given.
        var decoded = head.forward(decoder.forward(encoder.forward(input)));
        return decoded.narrow(2, 0, length).MoveToOuterDisposeScope();
    }
}
