using System.Collections.Concurrent;
using Lodestone.Models;
using Lodestone.Trainers;
using Lodestone.Training;

namespace Lodestone.Deployments;

/// <summary>
/// The model versions this process has loaded for serving, each loaded once and kept warm. Concurrent first calls for
/// a version share one load; a load that fails is forgotten, so that the next call tries again (a file restored, a
/// transient I/O error) rather than failing for good.
/// </summary>
public sealed class WarmModels(TrainerCatalog catalog, RunFiles files) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<ServingModel>>> _models = new();
    private int _loads;

    /// <summary>How many times a saved model was read from disk (for tests and the deployments page).</summary>
    public int Loads => Volatile.Read(ref _loads);

    public bool IsWarm(Guid versionId) =>
        _models.TryGetValue(versionId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully;

    /// <summary>The version's warm model, loading it first if this process has not.</summary>
    /// <exception cref="ModelLoadException">The saved model is missing or does not load.</exception>
    public async Task<ServingModel> GetAsync(ModelVersion version)
    {
        var lazy = _models.GetOrAdd(version.Id, _ => new Lazy<Task<ServingModel>>(() => Task.Run(() => Load(version))));
        try
        {
            return await lazy.Value;
        }
        catch (ModelLoadException)
        {
            _models.TryRemove(KeyValuePair.Create(version.Id, lazy));
            throw;
        }
    }

    private ServingModel Load(ModelVersion version)
    {
        var folder = files.ArtifactPath(version.ProjectId, version.SourceRunId, version.ArtifactPath);
        Interlocked.Increment(ref _loads);
        try
        {
            return ServingModel.Load(version, folder, catalog);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeyNotFoundException or InvalidOperationException
            or System.Text.Json.JsonException or FormatException)
        {
            throw new ModelLoadException($"{version.ModelName} v{version.Number} cannot be loaded: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _models.Values)
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully) lazy.Value.Result.Dispose();
    }
}
