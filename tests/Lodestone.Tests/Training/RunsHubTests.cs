using System.Net.Http.Json;
using System.Text.Json;
using Lodestone.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lodestone.Training;

// App hosts that train runs take turns: they share two cores, and Hangfire keeps some process-wide state (its global configuration and log provider).
[Collection(AppHostsCollection.Name)]
public class RunsHubTests : IClassFixture<TrainingAppFactory>
{
    private readonly TrainingAppFactory _app;

    public RunsHubTests(TrainingAppFactory app) => _app = app;

    private HubConnection Connect(string apiKey) => new HubConnectionBuilder()
        .WithUrl(new Uri(_app.Server.BaseAddress, RunsHub.Path), o =>
        {
            o.HttpMessageHandlerFactory = _ => _app.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
            o.AccessTokenProvider = () => Task.FromResult<string?>(apiKey);
        })
        .Build();

    [Fact]
    public async Task A_member_joined_to_a_project_receives_its_runs_metrics_live()
    {
        var (client, key, _) = await _app.CreateUserAsync("hub-user");
        var project = await TrainingAppFactory.CreateProjectAsync(client);
        await using var hub = Connect(key);
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>(RunsHub.EventMethod, e =>
        {
            if (e.GetProperty("kind").GetString() == "Metrics") received.TrySetResult(e);
        });
        await hub.StartAsync();
        await hub.InvokeAsync("JoinProject", project);

        var run = await (await client.PostAsJsonAsync($"/api/projects/{project}/runs", new { external = true })).Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("id").GetGuid();
        await client.PostAsJsonAsync($"/api/projects/{project}/runs/{runId}/metrics", new { metrics = new[] { new { key = "loss", step = 0, value = 0.25 } } });

        var e = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(runId, e.GetProperty("runId").GetGuid());
        Assert.Equal(0.25, e.GetProperty("metrics")[0].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Joining_a_project_one_is_not_a_member_of_fails()
    {
        var (owner, _, _) = await _app.CreateUserAsync("hub-owner");
        var (_, strangerKey, _) = await _app.CreateUserAsync("hub-stranger");
        var project = await TrainingAppFactory.CreateProjectAsync(owner);
        await using var hub = Connect(strangerKey);
        await hub.StartAsync();
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("JoinProject", project));
    }

    [Fact]
    public async Task A_member_removed_from_a_project_stops_receiving_its_events()
    {
        var (owner, _, _) = await _app.CreateUserAsync("hub-remover");
        var (member, memberKey, memberId) = await _app.CreateUserAsync("hub-removed");
        var left = await TrainingAppFactory.CreateProjectAsync(owner, "Left");
        var kept = await TrainingAppFactory.CreateProjectAsync(member, "Kept");
        (await owner.PutAsJsonAsync($"/api/projects/{left}/members/hub-removed", new { role = "Viewer" })).EnsureSuccessStatusCode();
        await using var hub = Connect(memberKey);
        var projectsSeen = new List<Guid>();
        var keptSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>(RunsHub.EventMethod, e =>
        {
            var project = e.GetProperty("projectId").GetGuid();
            lock (projectsSeen) projectsSeen.Add(project);
            if (project == kept) keptSeen.TrySetResult();
        });
        await hub.StartAsync();
        await hub.InvokeAsync("JoinProject", left);
        await hub.InvokeAsync("JoinProject", kept);

        (await owner.DeleteAsync($"/api/projects/{left}/members/{memberId}")).EnsureSuccessStatusCode();
        await owner.PostAsJsonAsync($"/api/projects/{left}/runs", new { external = true });
        await member.PostAsJsonAsync($"/api/projects/{kept}/runs", new { external = true });

        // Events reach a connection in the order they were published: once the later one is here, the earlier would be too.
        await keptSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        lock (projectsSeen) Assert.DoesNotContain(left, projectsSeen);
    }
}
