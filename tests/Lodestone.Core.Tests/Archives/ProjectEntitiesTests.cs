using Lodestone.Accounts;
using Lodestone.Datasets;
using Lodestone.Models;
using Lodestone.Projects;
using Lodestone.Sensors;
using Lodestone.Training;

namespace Lodestone.Archives;

public sealed class ProjectEntitiesTests
{
    /// <summary>
    /// Fails when an entity type is added that no project reaches through its keys and that is not listed as the
    /// instance's own: its rows would silently stay behind in every export.
    /// </summary>
    [Fact]
    public async Task Every_entity_type_is_archived_with_its_project_or_listed_as_instance_level()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.Open();
        var entities = ProjectEntities.Of(db.Model);

        Assert.True(entities.Unclassified.Count == 0,
            $"Neither archived with a project nor listed in ProjectEntities.InstanceLevel: {string.Join(", ", entities.Unclassified.Select(t => t.ClrType.Name))}");
        foreach (var type in new[] { typeof(Project), typeof(ProjectMember), typeof(Dataset), typeof(Sensor), typeof(CalibrationRecord), typeof(TrainingRun),
            typeof(RunParam), typeof(RunTag), typeof(Metric), typeof(LatestMetric), typeof(RunLogLine), typeof(ExperimentTag), typeof(Model),
            typeof(ModelVersion), typeof(ModelAlias) })
            Assert.Contains(entities.Entities, e => e.Type.ClrType == type);
        Assert.DoesNotContain(entities.Entities, e => e.Type.ClrType == typeof(User) || e.Type.ClrType == typeof(ApiKey) || e.Type.ClrType == typeof(KeyRingEntry));
    }

    [Fact]
    public async Task Principals_come_before_their_dependents_and_the_run_version_cycle_is_broken_at_a_nullable_key()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.Open();
        var entities = ProjectEntities.Of(db.Model);
        var order = entities.Entities.Select(e => e.Type).ToList();

        foreach (var entity in entities.Entities)
            foreach (var key in entity.Type.GetForeignKeys().Where(k => entities.Contains(k.PrincipalEntityType) && !entity.DeferredKeys.Contains(k)))
                Assert.True(order.IndexOf(key.PrincipalEntityType) < order.IndexOf(entity.Type), $"{entity.Name} comes before {key.PrincipalEntityType.ClrType.Name}");
        var deferred = entities.Entities.SelectMany(e => e.DeferredKeys).ToList();
        Assert.All(deferred, k => Assert.False(k.IsRequired));
        Assert.Contains(deferred, k => k.DeclaringEntityType.ClrType == typeof(ModelVersion) && k.Properties[0].Name == nameof(ModelVersion.ParentVersionId));
    }

    [Fact]
    public void Ids_inside_a_text_key_are_new_and_so_is_every_text_naming_it()
    {
        var map = new IdMap();
        map.FreshIn("m-0190a1b2c3d47e5f8a9b0c1d2e3f4a5b");
        var mapped = map.MapText("models:/m-0190a1b2c3d47e5f8a9b0c1d2e3f4a5b");
        Assert.StartsWith("models:/m-", mapped);
        Assert.NotEqual("models:/m-0190a1b2c3d47e5f8a9b0c1d2e3f4a5b", mapped);
        Assert.Equal(mapped, map.MapText("models:/m-0190a1b2c3d47e5f8a9b0c1d2e3f4a5b"));
    }

    [Theory]
    [InlineData("run 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", true)]
    [InlineData("artifacts/0190A1B2C3D47E5F8A9B0C1D2E3F4A5B/files", true)]
    [InlineData("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5bff", false)]
    public void Ids_in_text_map_in_the_format_and_case_they_were_written_in(string text, bool mapped)
    {
        var old = Guid.Parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        var map = new IdMap();
        var fresh = map.Fresh(old);
        var result = map.MapText(text);
        Assert.Equal(mapped, result != text);
        if (mapped) Assert.True(result.Contains(fresh.ToString()) || result.Contains(fresh.ToString("N").ToUpperInvariant()), result);
    }
}
