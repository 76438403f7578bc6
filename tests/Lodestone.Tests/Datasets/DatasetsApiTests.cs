using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;
using Lodestone.Samples;

namespace Lodestone.Datasets;

public sealed class DatasetsApiTests
{
    private static byte[] MagnetometerCsv()
    {
        using var stream = new MemoryStream();
        MagnetometerRecording.Plan(SampleRecordings.Small).WriteCsv(stream);
        return stream.ToArray();
    }

    [Theory, StorageProviders]
    public async Task MagnetometerUpload_IsRecognised_Profiled_AndCharted(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);

        var response = await user.Client.PostAsync($"/api/projects/{project}/datasets", LodestoneAppFactory.UploadForm(MagnetometerCsv(), "site.csv"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var imported = await response.Content.ReadFromJsonAsync<DatasetsApi.ImportedResponse>();
        var dataset = imported!.Dataset;
        Assert.Equal(DatasetSchema.Magnetometer, dataset.Schema);
        Assert.Equal(5_900, dataset.RowCount);
        Assert.Equal(50, dataset.SamplingRateHz!.Value, 1);
        Assert.Contains(dataset.Channels, c => c.Name == "|B|" && c.Derived && c.Min > 40_000);
        Assert.Equal(["mag-01"], dataset.SensorIds);

        var series = await user.Client.GetFromJsonAsync<Series>($"/api/projects/{project}/datasets/{dataset.Id}/series?channels=b_x,%7CB%7C&points=100");
        Assert.False(series!.Raw);
        Assert.InRange(series.Times.Length, 90, 100);
        Assert.Equal(["b_x", "|B|"], series.Channels.Select(c => c.Name));

        var sensors = await user.Client.GetStringAsync($"/api/projects/{project}/sensors");
        Assert.Contains("\"mag-01\"", sensors);
    }

    [Fact]
    public async Task BadCsv_IsRefusedWithItsLineAndColumn_AndLeavesNothingBehind()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var good = await user.Client.PostAsync($"/api/projects/{project}/datasets", LodestoneAppFactory.UploadForm(MagnetometerCsv(), "good.csv"));
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        var samplesBefore = Directory.GetFiles(Path.Combine(app.DataFolder, "samples"), "*", SearchOption.AllDirectories).Length;

        var csv = "time;temperature;pressure\n2026-01-01T00:00:00Z;21.5;1013\n2026-01-01T00:00:01Z;21.6;1012\n2026-01-01T00:00:02Z;warm;1011\n";
        var mapping = JsonSerializer.Serialize(new { timestampColumn = "time", separator = ";", channels = new[] { "temperature", "pressure" } });
        var response = await user.Client.PostAsync($"/api/projects/{project}/datasets", LodestoneAppFactory.UploadForm(Encoding.UTF8.GetBytes(csv), "probe.csv", mapping));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<DatasetsApi.ImportErrorResponse>();
        Assert.Equal("probe.csv", error!.File);
        Assert.Equal(4, error.Line);
        Assert.Equal("temperature", error.Column);
        Assert.Contains("warm", error.Message);
        var datasets = await user.Client.GetFromJsonAsync<List<DatasetsApi.DatasetResponse>>($"/api/projects/{project}/datasets");
        Assert.Single(datasets!);
        Assert.Equal(samplesBefore, Directory.GetFiles(Path.Combine(app.DataFolder, "samples"), "*", SearchOption.AllDirectories).Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataFolder, "staging"), "*.csv"));
    }

    [Fact]
    public async Task Upload_OverTheLimit_IsRefusedWith413_NamingTheLimit()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Limits:MaxUploadBytes"] = "10000" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);

        var response = await user.Client.PostAsync($"/api/projects/{project}/datasets", LodestoneAppFactory.UploadForm(MagnetometerCsv(), "big.csv"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("upload limit", await response.Content.ReadAsStringAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataFolder, "staging"), "*.csv"));
    }

    [Fact]
    public async Task Viewer_CannotUpload()
    {
        using var app = new LodestoneAppFactory();
        var owner = await app.CreateUserAsync();
        var viewer = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);
        await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{viewer.UserName}", new { role = "Viewer" });

        var response = await viewer.Client.PostAsync($"/api/projects/{project}/datasets", LodestoneAppFactory.UploadForm(MagnetometerCsv(), "site.csv"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Inspect_ProposesAMapping_ForAnyCsv()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var csv = "datetime;Pressure;Temperature;anomaly\n2020-03-09 10:14:33;0.05;89.9;0\n2020-03-09 10:14:34;0.06;90.0;0\n";

        var response = await user.Client.PostAsync($"/api/projects/{project}/datasets/inspect", LodestoneAppFactory.UploadForm(Encoding.UTF8.GetBytes(csv), "valve.csv"));

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"timestampColumn\":\"datetime\"", body);
        Assert.Contains("\"separator\":\";\"", body);
    }

    private static byte[] WideCsv(int columns) => Encoding.UTF8.GetBytes(
        "time," + string.Join(",", Enumerable.Range(1, columns - 1).Select(i => $"c{i}")) + "\n"
        + string.Join("", Enumerable.Range(0, 3).Select(r => $"{1_709_251_200 + r}," + string.Join(",", Enumerable.Repeat("1.5", columns - 1)) + "\n")));

    [Fact]
    public async Task CsvWithFiveThousandColumns_IsRefusedWith400_NamingTheFileAndTheLimit()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);

        var upload = await user.Client.PostAsync($"/api/projects/{project}/datasets", LodestoneAppFactory.UploadForm(WideCsv(5_000), "wide.csv"));
        var inspect = await user.Client.PostAsync($"/api/projects/{project}/datasets/inspect", LodestoneAppFactory.UploadForm(WideCsv(5_000), "wide.csv"));

        foreach (var response in new[] { upload, inspect })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = await response.Content.ReadFromJsonAsync<DatasetsApi.ImportErrorResponse>();
            Assert.Equal("wide.csv", error!.File);
            Assert.Equal(1, error.Line);
            Assert.Contains("5,000 columns; at most 1,024", error.Message);
        }
        Assert.Empty(await user.Client.GetFromJsonAsync<List<DatasetsApi.DatasetResponse>>($"/api/projects/{project}/datasets") ?? []);
    }

    [Fact]
    public async Task ColumnLimit_IsTakenFromConfiguration()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:SampleStore:MaxCsvColumns"] = "5" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);

        var refused = await user.Client.PostAsync($"/api/projects/{project}/datasets", LodestoneAppFactory.UploadForm(WideCsv(6), "six.csv"));
        var taken = await user.Client.PostAsync($"/api/projects/{project}/datasets", LodestoneAppFactory.UploadForm(WideCsv(5), "five.csv"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("at most 5", (await refused.Content.ReadFromJsonAsync<DatasetsApi.ImportErrorResponse>())!.Message);
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
    }
}
