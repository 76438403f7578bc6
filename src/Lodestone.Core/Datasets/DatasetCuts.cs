using DuckDB.NET.Data;

namespace Lodestone.Datasets;

/// <summary>The sample store's entry for other stores (sensor readings) that stage a raw segment and want it sealed as a dataset.</summary>
internal static class DatasetCuts
{
    public static IReadOnlyList<string> SafeNames(IReadOnlyList<string> names) => ChannelNaming.SafeNames(names);

    public static ImportResult Seal(SampleDatabase database, DuckDBConnection connection, string staging, Guid projectId, Guid datasetId,
        DatasetSchema schema, IReadOnlyList<(string Name, string Column)> channels, string source, CancellationToken cancellationToken) =>
        new DatasetSealer(database).Seal(connection, staging, database.Paths.DatasetFolder(projectId, datasetId), schema,
            channels.Select(c => new ManifestChannel(c.Name, c.Column)).ToList(), source, null, cancellationToken);
}
