namespace Lodestone.Jobs;

/// <summary>Which jobs this process runs, and how many at once. Bound from <c>Lodestone:Jobs</c> (and the worker's options).</summary>
public sealed class JobServerOptions
{
    public const string Section = "Lodestone:Jobs";

    /// <summary>Whether <c>serve</c> trains runs itself. With PostgreSQL and dedicated workers, set it to false.</summary>
    public bool RunInProcess { get; set; } = true;

    /// <summary>The queues this process takes runs from, in order of priority; empty means default and heavy.</summary>
    // Empty rather than pre-filled: configuration binding adds to an array it finds filled, it does not replace it.
    public string[] Queues { get; set; } = [];

    public IReadOnlyList<string> QueuesOrDefault => Queues.Length > 0 ? Queues : ["default", "heavy"];

    /// <summary>How many runs this process trains at the same time.</summary>
    public int Concurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);
}
