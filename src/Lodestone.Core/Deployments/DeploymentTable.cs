using System.Collections.Frozen;

namespace Lodestone.Deployments;

/// <summary>
/// The serving deployments of every project, in memory, so that a predict request resolves deployment → warm model
/// without the database. The whole table is one immutable snapshot replaced by a single reference write: a request sees
/// the table before a switch or after it, never half of one, and never waits for a writer. Writers (a deployment
/// created, switched, undeployed, an alias moved, start-up) are serialised by <see cref="Changing"/>, and warm the
/// new version before they publish, so a switch never makes a request wait for a model to load.
/// </summary>
public sealed class DeploymentTable
{
    private FrozenDictionary<(Guid ProjectId, string Name), ServedDeployment> _entries =
        FrozenDictionary<(Guid, string), ServedDeployment>.Empty;

    /// <summary>Held by whoever rebuilds a project's entries, so that the last one to read the database publishes last.</summary>
    public SemaphoreSlim Changing { get; } = new(1, 1);

    /// <summary>Switches published since start-up (for tests that count them).</summary>
    public int Publications { get; private set; }

    public int Count => Volatile.Read(ref _entries).Count;

    public ServedDeployment? Find(Guid projectId, string name) =>
        Volatile.Read(ref _entries).GetValueOrDefault((projectId, name));

    public IReadOnlyList<ServedDeployment> OfProject(Guid projectId) =>
        [.. Volatile.Read(ref _entries).Values.Where(e => e.ProjectId == projectId).OrderBy(e => e.Name, StringComparer.Ordinal)];

    /// <summary>The deployment serving <paramref name="sensor"/> for the trainer kind <paramref name="kind"/>, if one does.</summary>
    public ServedDeployment? ForSensor(Guid projectId, string kind, string sensor) =>
        Volatile.Read(ref _entries).Values.Where(e => e.ProjectId == projectId && e.Sensor == sensor && e.SensorKind == kind && e.Model is not null)
            .OrderBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Replaces the entries of one project with <paramref name="entries"/> in one write. Call while holding <see cref="Changing"/>.</summary>
    public void Publish(Guid projectId, IEnumerable<ServedDeployment> entries)
    {
        var next = Volatile.Read(ref _entries).Where(e => e.Key.ProjectId != projectId)
            .Concat(entries.Select(e => KeyValuePair.Create((e.ProjectId, e.Name), e)))
            .ToFrozenDictionary();
        Volatile.Write(ref _entries, next);
        Publications++;
    }

    /// <summary>The counters a deployment had, so that its replacement entry keeps counting.</summary>
    public RequestStats StatsOf(Guid projectId, string name, Guid id) =>
        Find(projectId, name) is { } e && e.Id == id ? e.Stats : new RequestStats();
}
