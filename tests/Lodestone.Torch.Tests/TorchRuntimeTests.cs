using TorchSharp;
using static TorchSharp.torch;

namespace Lodestone.Torch;

public class TorchRuntimeTests
{
    [Fact]
    public void PrepareThread_LoadsLibTorchAndFlushesDenormals()
    {
        var flushed = TorchRuntime.PrepareThread(threads: 1, seed: 1);

        Assert.True(flushed);
        // The smallest positive float is a denormal; with flush-to-zero on, arithmetic on it gives zero.
        using var tiny = tensor(new[] { float.Epsilon });
        using var product = tiny * 1.0f;
        Assert.Equal(0f, product.item<float>());
    }

    [Fact]
    public void ChooseDevice_IsCpu_WhenNoGpuIsPresent()
    {
        TorchRuntime.PrepareThread(threads: 1, seed: 1);
        var device = TorchRuntime.ChooseDevice();
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device.type);
    }

    [Fact]
    public void LinearModel_LearnsAndSeedsReproduce()
    {
        float Train()
        {
            TorchRuntime.PrepareThread(threads: 1, seed: 7);
            using var scope = NewDisposeScope();
            var model = nn.Linear(2, 1);
            var optimizer = optim.Adam(model.parameters(), lr: 0.1);
            var x = randn(64, 2);
            var y = x.matmul(tensor(new[] { 2f, -3f }).reshape(2, 1)) + 0.5f;
            float loss = 0;
            for (var i = 0; i < 200; i++)
            {
                optimizer.zero_grad();
                var l = nn.functional.mse_loss(model.forward(x), y);
                l.backward();
                optimizer.step();
                loss = l.item<float>();
            }
            return loss;
        }

        var first = Train();
        var second = Train();

        Assert.True(first < 0.01f, $"loss {first}");
        Assert.Equal(first, second);
    }
}
