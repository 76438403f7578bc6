using Lodestone.Data;

namespace Lodestone.Training;

/// <summary>
/// Runs that exist and are not deleted, by id, for <see cref="Lifetime"/>: a script posting a metric per request would
/// otherwise pay a query per request to find its run. A run's project never changes; deleting or restoring a run (or
/// its project) evicts it at once in this process, and another process sees the change within <see cref="Lifetime"/>.
/// </summary>
public sealed class RunDirectory(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private readonly ShortLivedCache<Guid, TrackedRun> _runs = new(clock, Lifetime);

    internal long Generation => _runs.Generation;

    internal TrackedRun? Find(Guid runId) => _runs.TryGet(runId, out var run) ? run : null;

    internal void Store(TrackedRun run, long generation) => _runs.Store(run.Id, run, generation);

    public void Evict(Guid runId) => _runs.Evict((id, _) => id == runId);

    /// <summary>Forgets every run of the project (deleting or restoring a project deletes or restores its runs).</summary>
    public void EvictProject(Guid projectId) => _runs.Evict((_, run) => run.ProjectId == projectId);
}
