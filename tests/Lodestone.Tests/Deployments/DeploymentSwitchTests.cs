using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestone.Infrastructure;
using Lodestone.Models;
using Lodestone.Training;

namespace Lodestone.Deployments;

/// <summary>Switching what a deployment serves (its version, or the alias it follows) while clients keep predicting.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class DeploymentSwitchTests(ServedModelsFixture served) : IClassFixture<ServedModelsFixture>
{
    private string Deployments => $"/api/projects/{served.Project}/deployments";

    [Fact]
    public async Task Switching_the_version_ten_times_under_concurrent_clients_fails_no_request_and_both_versions_answer()
    {
        var client = served.Owner.Client;
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync(Deployments, new { name = "fan-switch", model = "fan", version = 1 })).StatusCode);
        var body = ServedModelsFixture.Body(ServedModelsFixture.Window(true, 21));
        var answeredBy = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();

        var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var http = served.App.CreateClient();
            http.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
            while (!stop.IsCancellationRequested)
            {
                var response = await http.PostAsJsonAsync($"{Deployments}/fan-switch/predict", body);
                if (!response.IsSuccessStatusCode) failures.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                else answeredBy.AddOrUpdate((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32(), 1, (_, n) => n + 1);
            }
        })).ToArray();
        var switches = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(100);
            switches.Add((await client.PatchAsJsonAsync($"{Deployments}/fan-switch", new { version = i % 2 == 0 ? 2 : 1 })).StatusCode);
        }
        await Task.Delay(100);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.All(switches, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Empty(failures);
        Assert.Equal([1, 2], answeredBy.Keys.Order());
        Assert.True(answeredBy.Values.Sum() > 50, $"only {answeredBy.Values.Sum()} requests were made");
        // The last switch went to version 1.
        var last = await ModelVersionsApiTests.Read<DeploymentResponse>(await client.GetAsync($"{Deployments}/fan-switch"));
        Assert.Equal((1, 1), (last.Version, last.Serving!.Number));
    }

    [Fact]
    public async Task A_deployment_following_an_alias_serves_the_version_the_alias_is_moved_to()
    {
        var client = served.Owner.Client;
        var aliases = $"/api/projects/{served.Project}/models/fan/aliases/production";
        (await client.PutAsJsonAsync(aliases, new { version = 1 })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync(Deployments, new { name = "fan-prod", model = "fan", alias = "production" })).StatusCode);
        var body = ServedModelsFixture.Body(ServedModelsFixture.Window(false, 22));

        var before = await Version(client, body);
        (await client.PutAsJsonAsync(aliases, new { version = 2 })).EnsureSuccessStatusCode();
        var after = await Version(client, body);
        await client.DeleteAsync(aliases);
        var withoutAlias = await client.PostAsJsonAsync($"{Deployments}/fan-prod/predict", body);

        Assert.Equal((1, 2), (before, after));
        Assert.Equal(HttpStatusCode.Conflict, withoutAlias.StatusCode);
        Assert.Contains("has no alias 'production'", await withoutAlias.Content.ReadAsStringAsync());
    }

    private async Task<int> Version(HttpClient client, object body) =>
        (await ModelVersionsApiTests.Read<JsonElement>(await client.PostAsJsonAsync($"{Deployments}/fan-prod/predict", body))).GetProperty("version").GetInt32();
}
