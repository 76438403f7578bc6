using System.Net;

namespace Lodestone.Models;

/// <summary>The run page tells which version a run continued from and which one it produced (server prerendering).</summary>
[Collection(Training.AppHostsCollection.Name)]
public sealed class LineagePagesTests : IClassFixture<Training.TrainingAppFactory>
{
    private readonly Training.TrainingAppFactory _app;

    public LineagePagesTests(Training.TrainingAppFactory app) => _app = app;

    [Fact]
    public async Task The_run_page_shows_the_version_a_run_continues_from_and_the_one_it_produced()
    {
        var (api, _, _) = await _app.CreateUserAsync("lineage-page-user");
        var project = await Training.TrainingAppFactory.CreateProjectAsync(api);
        var kind = Training.LogisticRegressionTrainer.KindName;
        var first = await ModelVersionsApiTests.TrainAsync(api, project,
            new { trainerKind = kind, datasetIds = new[] { await _app.CreateDatasetRowAsync(project) }, config = new { epochs = 2 } });
        var second = await ModelVersionsApiTests.TrainAsync(api, project, new
        {
            trainerKind = kind, datasetIds = new[] { await _app.CreateDatasetRowAsync(project) }, parentModelVersionId = first.ModelVersion!.Id, config = new { epochs = 2 },
        });

        var browser = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "lineage-page-user", ["password"] = Infrastructure.LodestoneAppFactory.Password, ["returnUrl"] = "/projects",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var page = await browser.GetStringAsync($"/projects/{project}/training/runs/{second.Id}");

        Assert.Contains($"continues from {kind} v1", page);
        Assert.Contains($"produced {kind} v2", page);
    }
}
