namespace Lodestone.Datasets;

/// <summary>A CSV that cannot be imported, with where the problem is: the file, the 1-based line and the column when known.</summary>
public sealed class ImportException(string fileName, long? line, string? column, string message, Exception? inner = null)
    : Exception(Describe(fileName, line, column, message), inner)
{
    public string FileName { get; } = fileName;
    public long? Line { get; } = line;
    public string? Column { get; } = column;
    /// <summary>The problem alone, without the location (which <see cref="Exception.Message"/> includes).</summary>
    public string Problem { get; } = message;

    private static string Describe(string file, long? line, string? column, string message)
    {
        var where = file;
        if (line is not null) where += $", line {line}";
        if (column is not null) where += $", column '{column}'";
        return $"{where}: {message}";
    }
}
