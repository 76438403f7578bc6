using System.Globalization;
using System.Text;
using Lodestone.Data;
using Lodestone.Datasets;

namespace Lodestone.Tests.Datasets;

/// <summary>A throw-away data folder with its own sample engine, and writers for the small CSVs the tests import.</summary>
public sealed class SampleStoreFixture : IDisposable
{
    public SampleStoreFixture(SampleStoreOptions? options = null)
    {
        Paths = new LodestonePaths(Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N")));
        Database = new SampleDatabase(Paths, options ?? new SampleStoreOptions { Threads = 2, MemoryLimitMegabytes = 256 });
        Importer = new DatasetImporter(Database);
    }

    public LodestonePaths Paths { get; }
    public SampleDatabase Database { get; }
    public DatasetImporter Importer { get; }
    public Guid ProjectId { get; } = Guid.NewGuid();

    public string WriteFile(string name, string content) => WriteFile(name, Encoding.UTF8.GetBytes(content));

    public string WriteFile(string name, byte[] content)
    {
        var folder = Path.Combine(Paths.Root, "input");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static readonly DateTime Start = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A magnetometer CSV at 100 Hz; <paramref name="spikeAt"/> puts one large b_z sample at that row.</summary>
    public static string MagnetometerCsv(int rows, int? spikeAt = null, bool epochSeconds = false)
    {
        var builder = new StringBuilder("timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id\n");
        for (var i = 0; i < rows; i++)
        {
            var t = Start.AddMilliseconds(i * 10);
            var time = epochSeconds
                ? ((t - DateTime.UnixEpoch).TotalSeconds).ToString("F3", CultureInfo.InvariantCulture)
                : t.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            var bz = i == spikeAt ? 99_000.0 : 45_000 + Math.Sin(i / 50.0) * 10;
            builder.Append(CultureInfo.InvariantCulture,
                $"{time},{19_500 + Math.Cos(i / 70.0) * 5:F3},{1_200.5:F3},{bz:F3},52.37,4.89,12.5,0.01,0.02,1.57,mag-01\n");
        }
        return builder.ToString();
    }

    public bool DatasetExists(Guid datasetId) => Directory.Exists(Paths.DatasetFolder(ProjectId, datasetId));

    public IEnumerable<string> StagedFiles() =>
        Directory.EnumerateFiles(Paths.Staging, "*", SearchOption.AllDirectories).Where(f => !f.Contains("duckdb-spill"));

    public void Dispose()
    {
        Database.Dispose();
        try { Directory.Delete(Paths.Root, recursive: true); } catch (IOException) { }
    }
}
