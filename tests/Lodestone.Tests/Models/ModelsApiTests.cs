using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;
using Lodestone.Training;

namespace Lodestone.Models;

/// <summary>
/// Models through the API: the model a completed run creates, its metadata, aliases, version labels and notes, clones,
/// and generated names; Viewers read, Editors write.
/// </summary>
[Collection(AppHostsCollection.Name)]
public sealed class ModelsApiTests : IClassFixture<TrainingAppFactory>
{
    private static readonly JsonSerializerOptions Json = ModelVersionsApiTests.Json;
    private readonly TrainingAppFactory _app;

    public ModelsApiTests(TrainingAppFactory app) => _app = app;

    private static string Kind => LogisticRegressionTrainer.KindName;

    /// <summary>A project with two versions of one model (v2 continues from v1), trained by a new user.</summary>
    private async Task<(TestUser User, Guid Project, Guid Dataset, RunResponse First, RunResponse Second)> TwoVersionsAsync(string user)
    {
        var owner = await _app.CreateUserAsync(user, administrator: false);
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);
        var dataset = await _app.CreateDatasetRowAsync(project);
        var first = await ModelVersionsApiTests.TrainAsync(owner.Client, project, new { trainerKind = Kind, datasetIds = new[] { dataset }, config = new { epochs = 2 } });
        var second = await ModelVersionsApiTests.TrainAsync(owner.Client, project, new
        {
            trainerKind = Kind, datasetIds = new[] { dataset }, parentModelVersionId = first.ModelVersion!.Id, config = new { epochs = 2 },
        });
        return (owner, project, dataset, first, second);
    }

    [Fact]
    public async Task A_completed_run_creates_its_model_whose_metadata_a_patch_changes_and_keeps()
    {
        var (owner, project, _, _, second) = await TwoVersionsAsync("model-metadata-owner");

        var created = await Read<ModelResponse>(await owner.Client.GetAsync($"/api/projects/{project}/models/{Kind}"));
        Assert.Equal((Kind, 2, 2, "model-metadata-owner", Lodestone.Trainers.TrainingTask.Classification),
            (created.Name, created.Versions, created.Latest!.Number, created.Author, created.Task));
        Assert.Equal(second.ModelVersion!.Id, created.Latest.Id);
        var patch = await owner.Client.PatchAsJsonAsync($"/api/projects/{project}/models/{Kind}", new
        {
            description = "Pump faults from the north site", tags = new Dictionary<string, string> { ["site"] = "north", ["stage"] = "" },
            category = "pumps", metadata = new { owner = new { team = "reliability" }, threshold = 0.7, sites = new[] { "north" } },
        });
        var listed = await Read<List<ModelResponse>>(await owner.Client.GetAsync($"/api/projects/{project}/models"));
        var kept = Assert.Single(listed);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(("Pump faults from the north site", "pumps", "model-metadata-owner"), (kept.Description, kept.Category, kept.Author));
        Assert.Equal(new Dictionary<string, string> { ["site"] = "north", ["stage"] = "" }, kept.Tags);
        Assert.Equal("reliability", kept.Metadata["owner"].GetProperty("team").GetString());
        Assert.Equal(0.7, kept.Metadata["threshold"].GetDouble());
        Assert.True(kept.UpdatedAt >= created.UpdatedAt);
        // A field left out stays; metadata must be an object.
        await owner.Client.PatchAsJsonAsync($"/api/projects/{project}/models/{Kind}", new { category = "pumps-2" });
        var again = await Read<ModelResponse>(await owner.Client.GetAsync($"/api/projects/{project}/models/{Kind}"));
        Assert.Equal(("pumps-2", "Pump faults from the north site"), (again.Category, again.Description));
        var notObject = await owner.Client.PatchAsJsonAsync($"/api/projects/{project}/models/{Kind}", new { metadata = new[] { 1, 2 } });
        Assert.Equal(HttpStatusCode.BadRequest, notObject.StatusCode);
        Assert.Contains("metadata: must be a JSON object", await notObject.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.PatchAsJsonAsync($"/api/projects/{project}/models/nothing", new { category = "x" })).StatusCode);
    }

    [Fact]
    public async Task An_alias_points_at_a_version_moves_to_another_and_is_removed()
    {
        var (owner, project, _, first, second) = await TwoVersionsAsync("model-alias-owner");
        var url = $"/api/projects/{project}/models/{Kind}/aliases";

        var set = await Read<ModelVersionResponse>(await owner.Client.PutAsJsonAsync($"{url}/production", new { version = 1 }));
        var atFirst = await Read<ModelVersionResponse>(await owner.Client.GetAsync($"{url}/production"));
        await Read<ModelVersionResponse>(await owner.Client.PutAsJsonAsync($"{url}/production", new { version = 2 }));
        await Read<ModelVersionResponse>(await owner.Client.PutAsJsonAsync($"{url}/staging", new { version = 2 }));
        var moved = await Read<ModelVersionResponse>(await owner.Client.GetAsync($"{url}/production"));
        var model = await Read<ModelResponse>(await owner.Client.GetAsync($"/api/projects/{project}/models/{Kind}"));

        Assert.Equal(first.ModelVersion!.Id, set.Id);
        Assert.Equal(first.ModelVersion.Id, atFirst.Id);
        Assert.Equal(second.ModelVersion!.Id, moved.Id);
        Assert.Equal([first.ModelVersion.Id], moved.Lineage!.Select(v => v.Id));
        Assert.Equal(new Dictionary<string, int> { ["production"] = 2, ["staging"] = 2 }, model.Aliases);

        var reserved = await owner.Client.PutAsJsonAsync($"{url}/latest", new { version = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, reserved.StatusCode);
        Assert.Contains("'latest' is reserved", await reserved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.PutAsJsonAsync($"{url}/v3", new { version = 1 })).StatusCode);
        var noVersion = await owner.Client.PutAsJsonAsync($"{url}/canary", new { version = 9 });
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.Contains($"{Kind} has no version 9", await noVersion.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"{url}/production")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"{url}/production")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.DeleteAsync($"{url}/production")).StatusCode);
        Assert.Equal(second.ModelVersion.Id, (await Read<ModelVersionResponse>(await owner.Client.GetAsync($"{url}/staging"))).Id);
    }

    [Fact]
    public async Task A_version_gets_a_label_and_notes_and_a_viewer_reads_them_but_cannot_change_them()
    {
        var (owner, project, _, _, _) = await TwoVersionsAsync("model-notes-owner");
        var viewer = await _app.CreateUserAsync("model-notes-viewer", administrator: false);
        await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{viewer.UserName}", new { role = "Viewer" });
        var url = $"/api/projects/{project}/models/{Kind}/versions/1";

        var described = await Read<ModelVersionResponse>(await owner.Client.PatchAsJsonAsync(url, new { versionLabel = "1.0.0", notes = "First fit on the north site." }));
        var seen = await Read<ModelVersionResponse>(await viewer.Client.GetAsync(url));
        var viewerPatch = await viewer.Client.PatchAsJsonAsync(url, new { notes = "mine" });
        var viewerAlias = await viewer.Client.PutAsJsonAsync($"/api/projects/{project}/models/{Kind}/aliases/production", new { version = 1 });
        var viewerModel = await viewer.Client.PatchAsJsonAsync($"/api/projects/{project}/models/{Kind}", new { category = "x" });
        var viewerClone = await viewer.Client.PostAsJsonAsync($"/api/projects/{project}/models/{Kind}/clone", new { name = "mine" });
        var cleared = await Read<ModelVersionResponse>(await owner.Client.PatchAsJsonAsync(url, new { versionLabel = "" }));

        Assert.Equal(("1.0.0", "First fit on the north site."), (described.VersionLabel, described.Notes));
        Assert.Equal(("1.0.0", "First fit on the north site."), (seen.VersionLabel, seen.Notes));
        Assert.All(new[] { viewerPatch, viewerAlias, viewerModel, viewerClone }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal((null, "First fit on the north site."), (cleared.VersionLabel, cleared.Notes));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.PatchAsJsonAsync($"/api/projects/{project}/models/{Kind}/versions/7", new { notes = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_clone_copies_the_versions_with_lineage_to_the_originals_and_training_data_only_when_asked()
    {
        var (owner, project, dataset, first, second) = await TwoVersionsAsync("model-clone-owner");
        await owner.Client.PatchAsJsonAsync($"/api/projects/{project}/models/{Kind}", new { description = "original", tags = new Dictionary<string, string> { ["site"] = "north" } });
        await owner.Client.PutAsJsonAsync($"/api/projects/{project}/models/{Kind}/aliases/production", new { version = 2 });
        var models = $"/api/projects/{project}/models";

        var bare = await owner.Client.PostAsJsonAsync($"{models}/{Kind}/clone", new { name = "pump-copy" });
        var withData = await Read<ModelResponse>(await owner.Client.PostAsJsonAsync($"{models}/{Kind}/clone", new { name = "pump-copy-data", withTrainingData = true }));
        var generated = await Read<ModelResponse>(await owner.Client.PostAsJsonAsync($"{models}/{Kind}/clone", new { }));
        var taken = await owner.Client.PostAsJsonAsync($"{models}/{Kind}/clone", new { name = "pump-copy" });

        Assert.Equal(HttpStatusCode.Created, bare.StatusCode);
        var clone = (await bare.Content.ReadFromJsonAsync<ModelResponse>(Json))!;
        Assert.Equal(("pump-copy", 2, "original", "model-clone-owner"), (clone.Name, clone.Versions, clone.Description, clone.Author));
        Assert.Equal(new Dictionary<string, string> { ["site"] = "north" }, clone.Tags);
        Assert.Empty(clone.Aliases);
        var copies = await Read<List<ModelVersionResponse>>(await owner.Client.GetAsync($"{models}/versions?name=pump-copy"));
        Assert.Equal([(2, second.ModelVersion!.Id), (1, first.ModelVersion!.Id)], copies.Select(v => (v.Number, v.ClonedFromVersionId!.Value)));
        Assert.All(copies, v => Assert.Equal(clone.Id, v.ModelId));
        // The copy of v2 continues from the copy of v1, not from the original.
        Assert.Equal(copies[1].Id, copies[0].Parent!.Id);
        Assert.All(copies, v => Assert.Empty(v.Datasets));
        var original = await Read<ModelVersionResponse>(await owner.Client.GetAsync($"{models}/{Kind}/versions/2"));
        Assert.Equal(original.Metrics, copies[0].Metrics);
        Assert.Equal(original.Labels, copies[0].Labels);
        Assert.Equal((original.SourceRunId, original.ArtifactUrl, original.TrainerKind), (copies[0].SourceRunId, copies[0].ArtifactUrl, copies[0].TrainerKind));
        var dataCopies = await Read<List<ModelVersionResponse>>(await owner.Client.GetAsync($"{models}/versions?name=pump-copy-data"));
        Assert.All(dataCopies, v => Assert.Equal([dataset], v.Datasets.Select(d => d.DatasetId)));
        Assert.Equal(2, withData.Versions);
        // From the newest version's labels (the generated windows' 'a' and 'b') and its task.
        Assert.Equal("a-b-classifier", generated.Name);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("already has a model named 'pump-copy'", await taken.Content.ReadAsStringAsync());
        // The runs still produced the originals.
        var run = await Read<RunResponse>(await owner.Client.GetAsync($"/api/projects/{project}/runs/{second.Id}"));
        Assert.Equal(second.ModelVersion.Id, run.ModelVersion!.Id);
        // A run continuing from a copy becomes the copy's next version.
        var third = await ModelVersionsApiTests.TrainAsync(owner.Client, project, new
        {
            trainerKind = Kind, datasetIds = new[] { dataset }, parentModelVersionId = copies[0].Id, config = new { epochs = 2 },
        });
        Assert.Equal(("pump-copy", 3), (third.ModelVersion!.ModelName, third.ModelVersion.Number));
    }

    [Fact]
    public async Task A_model_created_without_a_name_gets_a_generated_one_unique_in_the_project()
    {
        var owner = await _app.CreateUserAsync("model-create-owner", administrator: false);
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);
        var models = $"/api/projects/{project}/models";

        var first = await Read<ModelResponse>(await owner.Client.PostAsJsonAsync(models, new { task = "AnomalyDetection", description = "valves" }, Json));
        var second = await Read<ModelResponse>(await owner.Client.PostAsJsonAsync(models, new { task = "AnomalyDetection" }, Json));
        var named = await owner.Client.PostAsJsonAsync(models, new { name = "Valve Watch", metadata = new { plant = 3 } }, Json);
        var again = await owner.Client.PostAsJsonAsync(models, new { name = "Valve Watch" }, Json);
        var suggested = await Read<ModelNameSuggestion>(await owner.Client.GetAsync($"{models}/name-suggestion?task=Classification&labels=Motor&labels=fan&labels=belt"));

        Assert.Equal(("anomaly-detector", "valves", "model-create-owner", 0), (first.Name, first.Description, first.Author, first.Versions));
        Assert.Null(first.Latest);
        Assert.Equal("anomaly-detector-2", second.Name);
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        Assert.Equal(3, (await named.Content.ReadFromJsonAsync<ModelResponse>(Json))!.Metadata["plant"].GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("motor-fan-classifier", suggested.Name);
        Assert.Equal(3, (await Read<List<ModelResponse>>(await owner.Client.GetAsync(models))).Count);
    }

    [Fact]
    public async Task The_run_suggestion_offers_a_model_name_from_the_label_channel_unique_in_the_project()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var first = (await LodestoneAppFactory.UploadAsync(user, project, Recording(600, seed: 1), "first.csv")).Dataset.Id;
        var second = (await LodestoneAppFactory.UploadAsync(user, project, Recording(400, seed: 2), "second.csv")).Dataset.Id;
        var request = new { trainerKind = "lightgbm", datasetIds = new[] { first, second }, labelChannel = "leak" };

        var offered = await Read<RunSettingsSuggestionResponse>(await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs/suggestion", request));
        await Read<ModelResponse>(await user.Client.PostAsJsonAsync($"/api/projects/{project}/models", new { name = offered.ModelName }));
        var next = await Read<RunSettingsSuggestionResponse>(await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs/suggestion", request));
        var detector = await Read<RunSettingsSuggestionResponse>(await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs/suggestion",
            new { trainerKind = "isolation-forest", datasetIds = new[] { first } }));

        Assert.Equal("leak-classifier-2ds", offered.ModelName);
        Assert.Equal("leak-classifier-2ds-2", next.ModelName);
        Assert.Equal("anomaly-detector", detector.ModelName);
    }

    private static Task<T> Read<T>(HttpResponseMessage response) => ModelVersionsApiTests.Read<T>(response);

    /// <summary>A magnetometer at 10 Hz with a <c>leak</c> column (1 during every third block of 30 samples).</summary>
    private static byte[] Recording(int samples, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("timestamp,b_x,b_y,b_z,leak\n");
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(seed);
        for (var i = 0; i < samples; i++)
        {
            var leak = i / 30 % 3 == 2;
            csv.Append(CultureInfo.InvariantCulture, $"{start.AddMilliseconds(100 * i):yyyy-MM-ddTHH:mm:ss.fffZ},{20 + (leak ? 3 : 0) + random.NextDouble():F3},{-5 + random.NextDouble():F3},{40 + random.NextDouble():F3},{(leak ? 1 : 0)}\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
