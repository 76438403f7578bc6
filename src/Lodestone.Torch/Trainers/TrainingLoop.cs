using System.Diagnostics;
using Lodestone.Trainers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// The epoch loop shared by every deep trainer: shuffled mini-batches with a dispose scope each, validation, metrics,
/// a checkpoint after every epoch, resume from the context's latest checkpoint, early stopping on the validation loss
/// (the best weights are restored at the end), layer freezing, and cancellation at batch boundaries. Targets may come
/// with weights (one per window, or one per target element) that the loss applies; a classifier's <paramref name="score"/>
/// turns each epoch's outputs into accuracy and F1 figures.
/// </summary>
internal sealed class TrainingLoop(
    nn.Module<Tensor, Tensor> network,
    DeepTrainerOptions options,
    ITrainingContext context,
    Func<Tensor, Tensor, Tensor?, Tensor> loss,
    Func<EpochScore>? score = null)
{
    private const int CheckpointVersion = 2;
    private const int EvaluationBatch = 256;

    private double _best = double.PositiveInfinity;
    private int _epochsWithoutImprovement;
    private Dictionary<string, Tensor>? _bestState;

    /// <summary>The last epoch that ran, counting epochs of earlier attempts restored from a checkpoint.</summary>
    public int CompletedEpochs { get; private set; }

    public void Run(Tensor trainX, Tensor trainY, Tensor? trainWeight, Tensor? validX, Tensor? validY, Tensor? validWeight)
    {
        var token = context.CancellationToken;
        var freezer = new LayerFreezer(network, options.FreezeLayers);
        using var optimizer = new AdamOptimizer(network.parameters(), options.LearningRate);
        if (context.LatestCheckpoint is { } checkpoint)
        {
            Restore(checkpoint, optimizer);
            context.Log(TrainingLogLevel.Information, $"Resuming after epoch {CompletedEpochs}.");
        }

        var count = (int)trainX.shape[0];
        for (var epoch = CompletedEpochs + 1; epoch <= options.Epochs && !StoppedEarly; epoch++)
        {
            token.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            freezer.Freeze(options.UnfreezeEpoch <= 0 || epoch < options.UnfreezeEpoch);
            network.train();
            freezer.KeepFrozenInEvalMode();

            double lossSum = 0;
            var trainScore = score?.Invoke();
            var order = Permutation(count, options.Seed, epoch);
            for (var start = 0; start < count; start += options.BatchSize)
            {
                token.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var size = Math.Min(options.BatchSize, count - start);
                var index = tensor(order.AsSpan(start, size).ToArray(), device: trainX.device);
                var x = trainX.index_select(0, index);
                var y = trainY.index_select(0, index);
                var w = trainWeight?.index_select(0, index);
                network.zero_grad();
                var output = network.forward(x);
                var batchLoss = loss(output, y, w);
                var lossValue = batchLoss.item<float>();
                if (!float.IsFinite(lossValue))
                    throw new InvalidOperationException($"Training diverged in epoch {epoch}: the loss is {lossValue}. Try a lower learning rate.");
                batchLoss.backward();
                // Recurrent networks occasionally produce exploding gradients; clipping the norm keeps training stable.
                if (options.GradientClipNorm > 0) nn.utils.clip_grad_norm_(network.parameters(), options.GradientClipNorm);
                optimizer.Step();
                lossSum += lossValue * size;
                trainScore?.Add(output, y);
            }

            var metrics = new Dictionary<string, double>
            {
                ["loss"] = lossSum / count,
                ["learning_rate"] = options.LearningRate,
            };
            if (trainScore is not null) foreach (var (key, value) in trainScore.Metrics("")) metrics[key] = value;
            var monitored = metrics["loss"];
            if (validX is not null && validY is not null && validX.shape[0] > 0)
            {
                var validScore = score?.Invoke();
                var validLoss = Evaluate(validX, validY, validWeight, validScore);
                metrics["val_loss"] = validLoss;
                if (validScore is not null) foreach (var (key, value) in validScore.Metrics("val_")) metrics[key] = value;
                monitored = validLoss;
            }
            Track(monitored);
            metrics["epoch_time_seconds"] = clock.Elapsed.TotalSeconds;

            CompletedEpochs = epoch;
            context.ReportMetrics(epoch, metrics);
            context.ReportProgress(epoch, options.Epochs);
            context.SaveCheckpoint(new TrainingCheckpoint(epoch, Save(optimizer)));
            if (StoppedEarly)
                context.Log(TrainingLogLevel.Information, $"Early stop after epoch {epoch}: no better validation loss for {_epochsWithoutImprovement} epochs.");
        }

        if (_bestState is not null) network.load_state_dict(_bestState);
        network.eval();
    }

    private bool StoppedEarly => options.EarlyStoppingPatience > 0 && _epochsWithoutImprovement >= options.EarlyStoppingPatience;

    private void Track(double monitored)
    {
        if (monitored < _best - 1e-7)
        {
            _best = monitored;
            _epochsWithoutImprovement = 0;
            DisposeBest();
            _bestState = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        }
        else _epochsWithoutImprovement++;
    }

    private double Evaluate(Tensor x, Tensor y, Tensor? weight, EpochScore? validScore)
    {
        network.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        var count = (int)x.shape[0];
        for (var start = 0; start < count; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(EvaluationBatch, count - start);
            var output = network.forward(x.narrow(0, start, size));
            var target = y.narrow(0, start, size);
            lossSum += loss(output, target, weight?.narrow(0, start, size)).item<float>() * size;
            validScore?.Add(output, target);
        }
        return lossSum / count;
    }

    /// <summary>The order of the training windows in an epoch depends only on the seed and the epoch, so a resumed run repeats it.</summary>
    private static long[] Permutation(int count, int seed, int epoch)
    {
        var order = new long[count];
        for (var i = 0; i < count; i++) order[i] = i;
        // Not HashCode.Combine: it is randomised per process, and a resumed run may be another process.
        new Random(unchecked(seed * 1_000_003 + epoch)).Shuffle(order);
        return order;
    }

    private byte[] Save(AdamOptimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(CheckpointVersion);
            writer.Write(CompletedEpochs);
            writer.Write(_best);
            writer.Write(_epochsWithoutImprovement);
            writer.Write(_bestState is not null);
            if (_bestState is not null) WriteState(writer, _bestState);
            network.save(writer);
            optimizer.Save(writer);
            using var rng = random.get_rng_state();
            var state = rng.data<byte>().ToArray();
            writer.Write(state.Length);
            writer.Write(state);
        }
        return stream.ToArray();
    }

    private void Restore(TrainingCheckpoint checkpoint, AdamOptimizer optimizer)
    {
        using var reader = new BinaryReader(new MemoryStream(checkpoint.State));
        if (reader.ReadInt32() != CheckpointVersion) throw new InvalidDataException("The checkpoint was written by another version of the deep trainers.");
        CompletedEpochs = reader.ReadInt32();
        _best = reader.ReadDouble();
        _epochsWithoutImprovement = reader.ReadInt32();
        if (reader.ReadBoolean())
        {
            // The best weights were written in the network's own format: load them through the network, then keep a copy.
            network.load(reader);
            DisposeBest();
            _bestState = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        }
        network.load(reader);
        optimizer.Load(reader);
        var state = reader.ReadBytes(reader.ReadInt32());
        using var rng = tensor(state, dtype: ScalarType.Byte);
        random.set_rng_state(rng);
    }

    private void WriteState(BinaryWriter writer, Dictionary<string, Tensor> state)
    {
        // Swap the best weights in, write them in the module format, then put the current ones back.
        var current = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        network.load_state_dict(state);
        network.save(writer);
        network.load_state_dict(current);
        foreach (var t in current.Values) t.Dispose();
    }

    private void DisposeBest()
    {
        if (_bestState is null) return;
        foreach (var t in _bestState.Values) t.Dispose();
        _bestState = null;
    }
}
