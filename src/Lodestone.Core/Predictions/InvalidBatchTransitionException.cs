namespace Lodestone.Predictions;

/// <summary>A change a <see cref="PredictionBatch"/> in its current state does not allow (cancelling a completed batch).</summary>
public sealed class InvalidBatchTransitionException(string message) : InvalidOperationException(message);
