using Lodestone.Torch.Networks;
using static TorchSharp.torch;

namespace Lodestone.Torch;

public class BatchNormTests
{
    [Fact]
    public void HeldScalarBatchNorm1d_MatchesTorchSharpsBatchNorm_InOutputsStatisticsAndSavedNames()
    {
        manual_seed(1);
        using var ours = new HeldScalarBatchNorm1d(3);
        using var theirs = nn.BatchNorm1d(3);
        var input = randn(8, 3, 5) * 2 + 1;

        ours.train();
        theirs.train();
        for (var step = 0; step < 3; step++)
            Assert.True(ours.forward(input).allclose(theirs.forward(input), rtol: 1e-5, atol: 1e-6));
        ours.eval();
        theirs.eval();
        Assert.True(ours.forward(input).allclose(theirs.forward(input), rtol: 1e-5, atol: 1e-6));

        var saved = theirs.state_dict();
        Assert.Equal(saved.Keys.Order(), ours.state_dict().Keys.Order());
        foreach (var (name, value) in ours.state_dict())
            Assert.True(value.to_type(ScalarType.Float64).allclose(saved[name].to_type(ScalarType.Float64)), name);
        Assert.Equal(3L, ours.state_dict()["num_batches_tracked"].item<long>());
    }
}
