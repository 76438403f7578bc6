using System.Net.Http.Json;
using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Infrastructure;
using Lodestone.Trainers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Training;

/// <summary>
/// The app of <see cref="LodestoneAppFactory"/> with the engine's test trainer and generated windows registered (the
/// app itself has no sample store here) and a short flush interval. <see cref="CreateUserAsync"/> gives a client
/// authenticated with an API key.
/// </summary>
public class TrainingAppFactory : LodestoneAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Lodestone:Jobs:FlushInterval", "00:00:00.2");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ITrainer, LogisticRegressionTrainer>();
            services.AddSingleton<IWindowSource, GeneratedWindows>();
        });
    }

    /// <summary>A new user, as the tuple the training tests deconstruct.</summary>
    public async Task<(HttpClient Client, string ApiKey, Guid UserId)> CreateUserAsync(string name = "trainer")
    {
        var user = await CreateUserAsync(name, administrator: false);
        return (user.Client, user.ApiKey, user.Id);
    }

    public static async Task<Guid> CreateProjectAsync(HttpClient client, string name = "Magnetometers")
    {
        var response = await client.PostAsJsonAsync("/api/projects", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// A dataset of the project with no samples (the windows are generated), for runs that check the project still has
    /// a dataset, such as a refit continuing from a version trained on it.
    /// </summary>
    public async Task<Guid> CreateDatasetRowAsync(Guid projectId, string name = "generated.csv")
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
        var dataset = new Dataset(Guid.CreateVersion7(), projectId, name, DatasetSchema.Generic, "generated windows", null);
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        return dataset.Id;
    }
}
