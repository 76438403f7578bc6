using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestone.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Infrastructure;

/// <summary>
/// The whole app on a test server, with a data folder of its own and either the embedded SQLite store or, for
/// <see cref="StorageProvider.Postgres"/>, a fresh database on the server that <c>LODESTONE_TEST_POSTGRES</c> names.
/// </summary>
public class LodestoneAppFactory : WebApplicationFactory<Program>
{
    public static LodestoneAppFactory For(StorageProvider provider) => new() { Provider = provider };

    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;

    /// <summary>The password of every user <see cref="CreateUserAsync(string?, bool)"/> creates, for tests that sign in.</summary>
    public const string Password = "correct horse battery staple";

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N"));

    /// <summary>More configuration, e.g. <c>Lodestone:Limits:MaxUploadBytes</c>.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Lodestone:DataFolder", DataFolder);
        if (Provider == StorageProvider.Postgres)
            builder.UseSetting("Lodestone:Database", TestPostgres.NewDatabaseConnectionString());
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
    }

    /// <summary>A new user with a client that sends their API key.</summary>
    public async Task<TestUser> CreateUserAsync(string? name = null, bool administrator = false)
    {
        name ??= "user-" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var user = await accounts.CreateUserAsync(name, name, Password, administrator);
        var (_, key) = await accounts.CreateApiKeyAsync(user.Id, "tests");
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new TestUser(user.Id, user.UserName, key, client);
    }

    /// <summary>Creates a project through the API as <paramref name="owner"/> and returns its id.</summary>
    public static async Task<Guid> CreateProjectAsync(TestUser owner, string name = "Test project")
    {
        var response = await owner.Client.PostAsJsonAsync("/api/projects", new { name, description = "" });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedProject>();
        return created!.Id;
    }

    /// <summary>A dataset upload as the browser sends it: multipart with the file and optional name and mapping (JSON).</summary>
    public static MultipartFormDataContent UploadForm(byte[] csv, string fileName, string? mapping = null, string? name = null)
    {
        var form = new MultipartFormDataContent();
        if (name is not null) form.Add(new StringContent(name), "name");
        if (mapping is not null) form.Add(new StringContent(mapping), "mapping");
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return form;
    }

    /// <summary>Uploads a CSV that must import, and returns what the API answered.</summary>
    public static async Task<Datasets.DatasetsApi.ImportedResponse> UploadAsync(TestUser user, Guid project, byte[] csv, string fileName, string? mapping = null)
    {
        var response = await user.Client.PostAsync($"/api/projects/{project}/datasets", UploadForm(csv, fileName, mapping));
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
            throw new InvalidOperationException($"The upload was refused: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Datasets.DatasetsApi.ImportedResponse>())!;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // Pooled SQLite connections keep the database file open; release them before the folder goes.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (disposing && Directory.Exists(DataFolder))
        {
            try { Directory.Delete(DataFolder, recursive: true); }
            catch (IOException) { /* A file still open by a finishing request; the temp folder is cleaned by the OS. */ }
        }
    }

    private sealed record CreatedProject(Guid Id);
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

public sealed record TestUser(Guid Id, string UserName, string ApiKey, HttpClient Client);
