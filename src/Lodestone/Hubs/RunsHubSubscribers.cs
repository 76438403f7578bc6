using System.Collections.Concurrent;
using System.Security.Claims;

namespace Lodestone.Hubs;

/// <summary>
/// Which hub connections follow which project, with the user behind each: deliveries are checked against the user's
/// membership each time (a SignalR group would keep sending to a member removed after joining).
/// </summary>
public sealed class RunsHubSubscribers
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, ClaimsPrincipal>> _projects = new();

    public void Add(Guid projectId, string connectionId, ClaimsPrincipal user) =>
        _projects.GetOrAdd(projectId, _ => new())[connectionId] = user;

    public void Remove(Guid projectId, string connectionId)
    {
        if (_projects.TryGetValue(projectId, out var connections)) connections.TryRemove(connectionId, out _);
    }

    public void RemoveConnection(string connectionId)
    {
        foreach (var connections in _projects.Values) connections.TryRemove(connectionId, out _);
    }

    public IReadOnlyList<KeyValuePair<string, ClaimsPrincipal>> Of(Guid projectId) =>
        _projects.TryGetValue(projectId, out var connections) ? [.. connections] : [];
}
