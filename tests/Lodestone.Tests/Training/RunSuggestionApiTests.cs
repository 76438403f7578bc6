using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Training;

/// <summary>Scripts ask for the settings the start form suggests: <c>POST /api/projects/{id}/runs/suggestion</c>.</summary>
public sealed class RunSuggestionApiTests : IClassFixture<LodestoneAppFactory>
{
    private readonly LodestoneAppFactory _app;

    public RunSuggestionApiTests(LodestoneAppFactory app) => _app = app;

    /// <summary>100 s at 100 Hz with faults of 10 s, 4 s and 2 s marked 1 in <c>anomaly</c> (when <paramref name="withLabels"/>).</summary>
    private static byte[] PumpCsv(bool withLabels = true)
    {
        var builder = new StringBuilder(withLabels ? "timestamp,pressure,anomaly\n" : "timestamp,pressure\n");
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 10_000; i++)
        {
            var fault = i is >= 2_000 and < 3_000 or >= 6_000 and < 6_400 or >= 9_000 and < 9_200;
            builder.Append(CultureInfo.InvariantCulture, $"{start.AddMilliseconds(i * 10):yyyy-MM-ddTHH:mm:ss.fff},{(fault ? 3.5 : 1.0) + Math.Sin(i / 9.0) * 0.1:F4}");
            builder.Append(withLabels ? (fault ? ",1\n" : ",0\n") : "\n");
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private async Task<(TestUser User, Guid Project, Guid Labelled)> ProjectWithRecordingAsync()
    {
        var user = await _app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var uploaded = await LodestoneAppFactory.UploadAsync(user, project, PumpCsv(), "pump.csv");
        return (user, project, uploaded.Dataset.Id);
    }

    [Fact]
    public async Task Suggestion_SizesTheWindowFromTheLabelledFaults_AndBalancesTheClasses()
    {
        var (user, project, dataset) = await ProjectWithRecordingAsync();

        var response = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs/suggestion",
            new { trainerKind = "cnn", datasetIds = new[] { dataset }, labelChannel = "anomaly" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var config = body.RootElement.GetProperty("config");
        var window = config.GetProperty("window");
        Assert.Equal(128, window.GetProperty("length").GetInt32());
        Assert.Equal("anomaly", window.GetProperty("labelChannel").GetString());
        Assert.Equal("Balanced", config.GetProperty("classWeighting").GetString());
        var notes = body.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.Contains("Anomaly 30") && n.Contains("Normal 125"));
    }

    [Fact]
    public async Task Suggestion_WithoutALabelChannel_SizesTheWindowFromTheSamplingRate()
    {
        var (user, project, dataset) = await ProjectWithRecordingAsync();

        var response = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs/suggestion",
            new { trainerKind = "isolation-forest", datasetIds = new[] { dataset } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var window = body.RootElement.GetProperty("config").GetProperty("window");
        Assert.Equal(256, window.GetProperty("length").GetInt32());
        Assert.False(window.TryGetProperty("labelChannel", out _));
    }

    [Fact]
    public async Task Suggestion_RefusesBadInput_WithAMessageAndNoStackTrace()
    {
        var (user, project, dataset) = await ProjectWithRecordingAsync();
        var unlabelled = (await LodestoneAppFactory.UploadAsync(user, project, PumpCsv(withLabels: false), "plain.csv")).Dataset.Id;
        var url = $"/api/projects/{project}/runs/suggestion";

        (object Request, string Message)[] cases =
        [
            (new { trainerKind = "no-such-kind", datasetIds = new[] { dataset } }, "Name a trainer kind"),
            (new { trainerKind = "cnn", datasetIds = new[] { Guid.NewGuid() } }, "has no dataset"),
            (new { trainerKind = "cnn", datasetIds = Array.Empty<Guid>() }, "at least one dataset"),
            (new { trainerKind = "cnn", datasetIds = new[] { dataset, unlabelled }, labelChannel = "anomaly" }, "not a measured channel every dataset has"),
            (new { trainerKind = "drift", datasetIds = new[] { dataset }, labelChannel = "anomaly" }, "reads no label channel"),
            (new { trainerKind = "cnn", datasetIds = new[] { dataset }, sensor = "pump-9" }, "no rows of sensor 'pump-9'"),
        ];
        foreach (var (request, message) in cases)
        {
            var response = await user.Client.PostAsJsonAsync(url, request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(request)} answered {(int)response.StatusCode}: {text}");
            Assert.Contains(message, text);
            Assert.DoesNotContain(" at Lodestone.", text);
        }
    }

    [Fact]
    public async Task Suggestion_IsRefused_ToSomeoneOutsideTheProject()
    {
        var (_, project, dataset) = await ProjectWithRecordingAsync();
        var outsider = await _app.CreateUserAsync();

        var response = await outsider.Client.PostAsJsonAsync($"/api/projects/{project}/runs/suggestion",
            new { trainerKind = "isolation-forest", datasetIds = new[] { dataset }, labelChannel = "anomaly" });

        Assert.False(response.IsSuccessStatusCode);
        Assert.DoesNotContain("window", await response.Content.ReadAsStringAsync());
    }
}
