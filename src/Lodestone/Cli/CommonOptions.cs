using System.CommandLine;

namespace Lodestone.Cli;

/// <summary>Options shared by every command that opens the data folder.</summary>
internal static class CommonOptions
{
    public static Option<string?> DataFolder() => new("--data")
    {
        Description = "The data folder (SQLite metadata, Parquet samples, artifacts). Default ./lodestone-data.",
    };

    public static Option<string?> Database() => new("--db")
    {
        Description = "A PostgreSQL connection string; without it the SQLite file in the data folder is used.",
    };

    /// <summary>Host arguments in the form ASP.NET configuration reads: <c>--Key=value</c>.</summary>
    public static IEnumerable<string> AsConfiguration(string? dataFolder, string? database)
    {
        if (!string.IsNullOrWhiteSpace(dataFolder)) yield return $"--Lodestone:DataFolder={dataFolder}";
        if (!string.IsNullOrWhiteSpace(database)) yield return $"--Lodestone:Database={database}";
    }
}
