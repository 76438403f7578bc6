using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestone.Accounts;
using Lodestone.Projects;
using Lodestone.Trainers;
using Lodestone.Training;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Training;

/// <summary>
/// The app on a data folder of its own, with the engine's test trainer and generated windows registered (the app
/// itself has no sample store here). <see cref="CreateUserAsync"/> gives a client authenticated with an API key.
/// </summary>
public class TrainingAppFactory : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Lodestone:DataFolder", DataFolder);
        builder.UseSetting("Lodestone:Jobs:FlushInterval", "00:00:00.2");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ITrainer, LogisticRegressionTrainer>();
            services.AddSingleton<IWindowSource, GeneratedWindows>();
        });
    }

    public async Task<(HttpClient Client, string ApiKey, Guid UserId)> CreateUserAsync(string name = "trainer")
    {
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var user = await accounts.CreateUserAsync(name, name, "a long enough password");
        var (_, key) = await accounts.CreateApiKeyAsync(user.Id, "tests");
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (client, key, user.Id);
    }

    public static async Task<Guid> CreateProjectAsync(HttpClient client, string name = "Magnetometers")
    {
        var response = await client.PostAsJsonAsync("/api/projects", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}
