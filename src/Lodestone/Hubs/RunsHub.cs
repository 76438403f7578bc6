using Lodestone.Projects;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Lodestone.Hubs;

/// <summary>
/// Live run events for outside clients at <c>/hubs/runs</c> (API key or cookie). A client joins a project it is a member
/// of and then receives <c>runEvent</c> messages (state changes, progress, metrics, log lines) of that project's runs,
/// for as long as it stays a member (<see cref="RunsHubBroadcaster"/> checks each delivery).
/// </summary>
[Authorize]
public sealed class RunsHub(IAuthorizationService authorization, RunsHubBroadcaster broadcaster) : Hub
{
    public const string Path = "/hubs/runs";
    public const string EventMethod = "runEvent";

    /// <summary>Starts sending this project's run events; fails for projects the caller is not a member of.</summary>
    public async Task JoinProject(Guid projectId)
    {
        if (!(await authorization.AuthorizeProjectAsync(Context.User!, projectId)).Allowed) throw new HubException("No such project.");
        broadcaster.Join(Context, projectId);
    }

    public void LeaveProject(Guid projectId) => broadcaster.Leave(Context.ConnectionId, projectId);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        broadcaster.LeaveAll(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
