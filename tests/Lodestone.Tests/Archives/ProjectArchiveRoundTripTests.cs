using System.Net.Http.Json;
using System.Text.Json;
using Lodestone.Data;
using Lodestone.Infrastructure;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Archives;

/// <summary>
/// A project exported from one instance and imported into another comes back whole: every row of every archived type
/// (all columns, ids remapped consistently), every file byte for byte, and the samples, metrics, artifact and alias read
/// back through the API under the new ids.
/// </summary>
[Collection(AppHostsCollection.Name)]
public sealed class ProjectArchiveRoundTripTests
{
    [Theory, StorageProviders]
    public async Task A_project_imported_on_another_instance_has_every_row_file_sample_metric_and_artifact_of_the_original(StorageProvider provider)
    {
        using var source = new LodestoneAppFactory { Provider = provider, Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var alice = await source.CreateUserAsync("alice");
        var original = await ArchivedProject.BuildAsync(source, alice);
        var archive = await ArchivedProject.ExportAsync(alice, original.ProjectId);

        using var target = LodestoneAppFactory.For(provider);
        var carol = await target.CreateUserAsync("carol");
        await target.CreateUserAsync(ArchivedProject.Colleague);
        var file = Path.Combine(target.DataFolder, "incoming.zip");
        await File.WriteAllBytesAsync(file, archive);
        ImportedProject imported;
        await using (var scope = target.Services.CreateAsyncScope())
            imported = await scope.ServiceProvider.GetRequiredService<ProjectImporter>().ImportAsync(file, carol.Id);

        Assert.Equal("Magnetometers", imported.Name);
        Assert.NotEqual(original.ProjectId, imported.Id);
        await using var sourceScope = source.Services.CreateAsyncScope();
        await using var targetScope = target.Services.CreateAsyncScope();
        var sourceDb = sourceScope.ServiceProvider.GetRequiredService<LodestoneDb>();
        var targetDb = targetScope.ServiceProvider.GetRequiredService<LodestoneDb>();
        var entities = ProjectEntities.Of(sourceDb.Model);

        foreach (var entity in entities.Entities.Where(e => e.Type.ClrType != typeof(ProjectMember)))
        {
            var expected = await RowsAsync(sourceDb, entities, entity, original.ProjectId, imported.Ids);
            var actual = await RowsAsync(targetDb, entities, entity, imported.Id, null);
            Assert.True(expected.SequenceEqual(actual), $"{entity.Name}: expected\n{string.Join("\n", expected)}\nbut the import has\n{string.Join("\n", actual)}");
        }
        foreach (var name in new[] { "Dataset", "TrainingRun", "ModelVersion", "Model", "ModelAlias", "Metric", "LatestMetric", "RunLogLine", "RunParam", "RunTag", "Sensor" })
            Assert.True(imported.Rows[name] > 0, $"The project had no {name} rows to carry over.");
        // Keys are new ids, each archived key its own.
        var keys = imported.Ids.Where(p => p.Key != alice.Id).ToList();
        Assert.All(keys, p => Assert.NotEqual(p.Key, p.Value));
        Assert.Equal(keys.Count, keys.Select(p => p.Value).Distinct().Count());

        // Members by user name: bob is here, alice is not; the importer is admin.
        var members = await targetDb.ProjectMembers.Where(m => m.ProjectId == imported.Id).Join(targetDb.Users, m => m.UserId, u => u.Id, (m, u) => new { u.UserName, m.Role })
            .OrderBy(m => m.UserName).ToListAsync();
        Assert.Equal([("bob", ProjectRole.Editor), ("carol", ProjectRole.Admin)], members.Select(m => (m.UserName, m.Role)));

        // Every file byte for byte, under the new ids.
        var sourceFiles = ProjectFiles.Of(sourceScope.ServiceProvider.GetRequiredService<LodestonePaths>(), original.ProjectId);
        var targetFiles = ProjectFiles.Of(targetScope.ServiceProvider.GetRequiredService<LodestonePaths>(), imported.Id).ToDictionary(f => f.EntryName);
        Assert.Contains(sourceFiles, f => f.EntryName.EndsWith(".parquet") && f.EntryName.StartsWith("files/samples/"));
        Assert.Contains(sourceFiles, f => f.EntryName.StartsWith("files/artifacts/"));
        Assert.Contains(sourceFiles, f => f.EntryName.StartsWith("files/readings/"));
        Assert.Equal(sourceFiles.Count, targetFiles.Count);
        foreach (var sourceFile in sourceFiles)
        {
            var mapped = Remap(sourceFile.EntryName, imported.Ids);
            Assert.True(targetFiles.TryGetValue(mapped, out var copy), $"{sourceFile.EntryName} is missing from the import (as {mapped}).");
            var (before, after) = (await File.ReadAllBytesAsync(sourceFile.Path), await File.ReadAllBytesAsync(copy.Path));
            Assert.True(before.SequenceEqual(after), $"{mapped} differs.");
        }

        // Read back through the API as a user would: samples, metrics, the saved model, the alias, the readings.
        var dataset = imported.Ids[original.DatasetId];
        var run = imported.Ids[original.RunId];
        await AssertSameAsync(alice, $"/api/projects/{original.ProjectId}/datasets/{original.DatasetId}/series?points=20000",
            carol, $"/api/projects/{imported.Id}/datasets/{dataset}/series?points=20000", imported.Ids);
        await AssertSameAsync(alice, $"/api/projects/{original.ProjectId}/runs/{original.RunId}/metrics",
            carol, $"/api/projects/{imported.Id}/runs/{run}/metrics", imported.Ids);
        await AssertSameAsync(alice, $"/api/projects/{original.ProjectId}/runs/{original.RunId}/artifacts",
            carol, $"/api/projects/{imported.Id}/runs/{run}/artifacts", imported.Ids);
        await AssertSameAsync(alice, $"/api/projects/{original.ProjectId}/sensors/pump-7/readings?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z",
            carol, $"/api/projects/{imported.Id}/sensors/pump-7/readings?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z", imported.Ids);
        var alias = await carol.Client.GetFromJsonAsync<JsonElement>($"/api/projects/{imported.Id}/models/{original.ModelName}/aliases/production");
        Assert.Equal(1, alias.GetProperty("number").GetInt32());
        Assert.Equal(run, alias.GetProperty("sourceRunId").GetGuid());
        var refit = await carol.Client.GetFromJsonAsync<JsonElement>($"/api/projects/{imported.Id}/models/{original.ModelName}/versions/2");
        Assert.Equal(alias.GetProperty("id").GetGuid(), refit.GetProperty("parent").GetProperty("id").GetGuid());
    }

    /// <summary>Rows as JSON, sorted; with a map, the archived rows as the import must have made them.</summary>
    private static async Task<List<string>> RowsAsync(LodestoneDb db, ProjectEntities entities, ArchivedEntity entity, Guid projectId,
        IReadOnlyDictionary<Guid, Guid>? ids)
    {
        var rows = new List<string>();
        await foreach (var row in ProjectRows.ReadAsync(db, entities, entity, projectId))
        {
            foreach (var property in entity.Properties.Where(entity.IsGenerated)) row.Remove(property.Name);
            if (ids is not null)
                foreach (var (name, value) in row.ToList())
                    row[name] = value switch
                    {
                        Guid id when ids.TryGetValue(id, out var mapped) => mapped,
                        string text => Remap(text, ids),
                        _ => value,
                    };
            rows.Add(JsonSerializer.Serialize(row));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>The test's own replacement of ids in text, in both formats and either case.</summary>
    private static string Remap(string text, IReadOnlyDictionary<Guid, Guid> ids)
    {
        foreach (var (old, mapped) in ids)
            foreach (var format in new[] { "D", "N" })
                text = text.Replace(old.ToString(format), mapped.ToString(format)).Replace(old.ToString(format).ToUpperInvariant(), mapped.ToString(format).ToUpperInvariant());
        return text;
    }

    private static async Task AssertSameAsync(TestUser sourceUser, string sourceUrl, TestUser targetUser, string targetUrl, IReadOnlyDictionary<Guid, Guid> ids)
    {
        var expected = Remap(await sourceUser.Client.GetStringAsync(sourceUrl), ids);
        var actual = await targetUser.Client.GetStringAsync(targetUrl);
        Assert.True(expected.Length > 2, $"{sourceUrl} answered nothing to compare: {expected}");
        Assert.Equal(expected, actual);
    }
}
