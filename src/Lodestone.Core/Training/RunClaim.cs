namespace Lodestone.Training;

/// <summary>The answer of <see cref="TrainingRun.TryClaim"/>: whether the worker asking holds the run now.</summary>
public enum RunClaim
{
    Claimed,
    /// <summary>Another live worker holds it, it has ended, or it is trained elsewhere.</summary>
    NotClaimable,
}
