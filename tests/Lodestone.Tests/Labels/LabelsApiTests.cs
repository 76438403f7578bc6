using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;
using static Lodestone.Labels.AnnotationsApi;
using static Lodestone.Labels.LabelCategoriesApi;

namespace Lodestone.Labels;

/// <summary>
/// Labels and annotations through the API: a project's starting labels and their hierarchy, a range labelled twice
/// with overlapping labels and confidences, read back by time range, undone and redone, with errors that name the
/// field; Viewers read, strangers get 404.
/// </summary>
public sealed class LabelsApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static readonly DateTime T0 = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory, StorageProviders]
    public async Task A_new_project_starts_with_five_keyed_labels_and_a_hierarchy_refuses_cycles(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var owner = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);
        var url = $"/api/projects/{project}/label-categories";

        var start = await Read<LabelSetResponse>(await owner.Client.GetAsync(url));
        Assert.Equal(1, start.Revision);
        Assert.Equal([("Fan Noise", "1"), ("Motor", "2"), ("Normal", "3"), ("Anomaly", "4"), ("Electrical", "5")],
            start.Categories.Select(c => (c.Name, c.ShortcutKey!)));
        var electrical = start.Categories.Single(c => c.Name == "Electrical");
        var motor = start.Categories.Single(c => c.Name == "Motor");

        var bearing = await owner.Client.PostAsJsonAsync(url, new { name = "Bearing", shortcutKey = "b", parentId = motor.Id });
        var moved = await owner.Client.PatchAsJsonAsync($"{url}/{motor.Id}", new { parentId = electrical.Id });
        var bearingId = (await Read<LabelCategoryResponse>(bearing)).Id;
        var cycle = await owner.Client.PatchAsJsonAsync($"{url}/{electrical.Id}", new { parentId = bearingId });
        var takenKey = await owner.Client.PostAsJsonAsync(url, new { name = "Pump", shortcutKey = "2" });
        var badColor = await owner.Client.PostAsJsonAsync(url, new { name = "Pump", color = "red" });
        var withChild = await owner.Client.DeleteAsync($"{url}/{motor.Id}");
        var after = await Read<LabelSetResponse>(await owner.Client.GetAsync(url));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Contains("would become its own ancestor", await cycle.Content.ReadAsStringAsync());
        Assert.Contains("shortcutKey: '2' already applies 'Motor'", await takenKey.Content.ReadAsStringAsync());
        Assert.Contains("color: must be #rrggbb", await badColor.Content.ReadAsStringAsync());
        Assert.Contains("has child labels (Bearing)", await withChild.Content.ReadAsStringAsync());
        // Two changes made revisions 2 and 3; refused ones made none.
        Assert.Equal(3, after.Revision);
        Assert.Equal(electrical.Id, after.Categories.Single(c => c.Name == "Motor").ParentId);
        Assert.Equal(motor.Id, after.Categories.Single(c => c.Name == "Bearing").ParentId);
    }

    [Theory, StorageProviders]
    public async Task Overlapping_annotations_are_read_by_range_edited_undone_and_redone_per_person(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var owner = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);
        var dataset = (await LodestoneAppFactory.UploadAsync(owner, project, Recording(), "quay.csv")).Dataset.Id;
        var url = $"/api/projects/{project}/datasets/{dataset}/annotations";

        var motor = await Read<AnnotationResponse>(await owner.Client.PostAsJsonAsync(url, new
        {
            start = T0.AddSeconds(10), end = T0.AddSeconds(20), labels = new[] { new { category = "motor", confidence = 0.9 } },
        }));
        var fan = await Read<AnnotationResponse>(await owner.Client.PostAsJsonAsync(url, new
        {
            start = T0.AddSeconds(15), end = T0.AddSeconds(30), labels = new object[] { new { category = "Fan Noise", confidence = 0.4 }, new { category = "Motor" } },
            channels = new[] { "b_x" }, sensor = "probe-2",
        }));
        var inRange = await Read<List<AnnotationResponse>>(await owner.Client.GetAsync($"{url}?from={T0.AddSeconds(21):O}&to={T0.AddSeconds(40):O}"));
        var both = await Read<List<AnnotationResponse>>(await owner.Client.GetAsync($"{url}?from={T0.AddSeconds(16):O}&to={T0.AddSeconds(17):O}"));

        Assert.Equal(0.9, Assert.Single(motor.Labels).Confidence);
        Assert.Equal([0.4, 1.0], fan.Labels.Select(l => l.Confidence));
        Assert.Equal(["b_x"], fan.Channels);
        Assert.Equal(("probe-2", AnnotationSource.Human), (fan.Sensor, fan.Source));
        Assert.Equal([fan.Id], inRange.Select(a => a.Id));
        Assert.Equal([motor.Id, fan.Id], both.Select(a => a.Id));

        // An edit, a delete, then undo twice brings both back as they were; redo replays the edit.
        var edited = await Read<AnnotationResponse>(await owner.Client.PatchAsJsonAsync($"{url}/{motor.Id}", new { end = T0.AddSeconds(25) }));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"{url}/{fan.Id}")).StatusCode);
        var undoDelete = await Read<AnnotationResponse>(await owner.Client.PostAsync($"{url}/undo", null));
        var undoEdit = await Read<AnnotationResponse>(await owner.Client.PostAsync($"{url}/undo", null));
        var redo = await Read<AnnotationResponse>(await owner.Client.PostAsync($"{url}/redo", null));
        Assert.Equal(T0.AddSeconds(25), edited.End);
        Assert.Equal((fan.Id, false, fan.Start, fan.End), (undoDelete.Id, undoDelete.Deleted, undoDelete.Start, undoDelete.End));
        Assert.Equal((motor.Id, T0.AddSeconds(20)), (undoEdit.Id, undoEdit.End));
        Assert.Equal((motor.Id, T0.AddSeconds(25)), (redo.Id, redo.End));
        Assert.Equal(2, (await Read<List<AnnotationResponse>>(await owner.Client.GetAsync(url))).Count);

        // Another editor's history is their own; an undo of a change someone edited since is refused.
        var editor = await app.CreateUserAsync();
        await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{editor.UserName}", new { role = "Editor" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await editor.Client.PostAsync($"{url}/undo", null)).StatusCode);
        await editor.Client.PatchAsJsonAsync($"{url}/{motor.Id}", new { labels = new[] { new { category = "Electrical" } } });
        var conflict = await owner.Client.PostAsync($"{url}/undo", null);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var kept = await Read<AnnotationResponse>(await owner.Client.GetAsync($"{url}/{motor.Id}"));
        Assert.Equal(T0.AddSeconds(25), kept.End);

        // The owner's undone delete could be redone until they change something else.
        await owner.Client.PostAsJsonAsync(url, new { start = T0.AddSeconds(50), end = T0.AddSeconds(60), labels = new[] { new { category = "Normal" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await owner.Client.PostAsync($"{url}/redo", null)).StatusCode);
    }

    [Fact]
    public async Task Bad_annotations_are_refused_naming_the_field_and_nothing_is_stored_and_strangers_get_404()
    {
        using var app = new LodestoneAppFactory();
        var owner = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);
        var dataset = (await LodestoneAppFactory.UploadAsync(owner, project, Recording(), "quay.csv")).Dataset.Id;
        var url = $"/api/projects/{project}/datasets/{dataset}/annotations";
        var motor = new[] { new { category = "Motor" } };

        var cases = new (object Body, string Error)[]
        {
            (new { start = T0.AddSeconds(20), end = T0.AddSeconds(10), labels = motor }, "end: must be after start"),
            (new { start = T0.AddDays(3), end = T0.AddDays(4), labels = motor }, "lies outside the dataset's samples"),
            (new { start = T0, end = T0.AddSeconds(5), labels = new[] { new { category = "Moter" } } }, "labels[0]: the project has no label 'Moter'"),
            (new { start = T0, end = T0.AddSeconds(5), labels = new[] { new { category = "Motor", confidence = 1.5 } } }, "labels[0].confidence: must be between 0 and 1"),
            (new { start = T0, end = T0.AddSeconds(5), labels = motor, channels = new[] { "b_x", "b_q" } }, "channels[1]: the dataset has no channel 'b_q'"),
            (new { start = T0, end = T0.AddSeconds(5), labels = motor, sensor = "probe-9" }, "sensor: the dataset has no rows of sensor 'probe-9'"),
            (new { start = T0, end = T0.AddSeconds(5), labels = Array.Empty<object>() }, "labels: an annotation needs at least one label"),
        };
        foreach (var (body, error) in cases)
        {
            var response = await owner.Client.PostAsJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(error, await response.Content.ReadAsStringAsync());
        }
        Assert.Empty(await Read<List<AnnotationResponse>>(await owner.Client.GetAsync(url)));

        var stranger = await app.CreateUserAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsJsonAsync(url, new { start = T0, end = T0.AddSeconds(5), labels = motor })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/projects/{project}/label-categories")).StatusCode);
        var viewer = await app.CreateUserAsync();
        await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{viewer.UserName}", new { role = "Viewer" });
        Assert.Equal(HttpStatusCode.OK, (await viewer.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.PostAsJsonAsync(url, new { start = T0, end = T0.AddSeconds(5), labels = motor })).StatusCode);
    }

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    /// <summary>Two magnetometer probes at 10 Hz for 100 s, interleaved.</summary>
    private static byte[] Recording()
    {
        var csv = new StringBuilder("timestamp,b_x,b_y,b_z,sensor_id\n");
        for (var i = 0; i < 1000; i++)
            foreach (var (probe, offset) in new[] { ("probe-1", 0.0), ("probe-2", 200.0) })
                csv.Append(CultureInfo.InvariantCulture, $"{T0.AddMilliseconds(100 * i):yyyy-MM-ddTHH:mm:ss.fffZ},{19500 + offset + Math.Sin(i / 10.0):F3},{-500 + i % 7:F3},{42000 + i % 11:F3},{probe}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
