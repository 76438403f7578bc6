using Spectre.Console;

namespace Lodestone.Cli;

/// <summary>
/// Tables of the CLI: one line per row at the terminal's width, long values cut with "…" rather than wrapped. Spectre
/// cannot do that itself: no-wrap columns that do not fit collapse the whole table to "…", and wrapping ones break rows
/// over lines. So the widths are fitted here, the widest column giving way first. Printed to a pipe (no terminal, where
/// Spectre would assume 80 columns) a table is as wide as its content.
/// </summary>
internal sealed class TerminalTable(params string[] columns)
{
    private readonly List<string[]> _rows = [];

    /// <summary>A row of values from a file or the database; control characters are escaped.</summary>
    public void AddRow(params string?[] values) => _rows.Add([.. values.Select(v => TerminalText.Safe(v))]);

    public void Write()
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 4096;
        AnsiConsole.Write(Build(AnsiConsole.Profile.Width));
    }

    /// <summary>The table fitted to <paramref name="width"/> columns of terminal.</summary>
    public Table Build(int width)
    {
        var widths = Fit(width);
        var table = new Table();
        for (var c = 0; c < columns.Length; c++) table.AddColumn(new TableColumn(Markup.Escape(Cut(columns[c], widths[c]))).Width(widths[c]).NoWrap());
        foreach (var row in _rows) table.AddRow([.. row.Select((v, c) => new Text(Cut(v, widths[c])))]);
        return table;
    }

    private int[] Fit(int width)
    {
        var widths = columns.Select((name, c) => Math.Max(name.Length, _rows.Select(r => r[c].Length).DefaultIfEmpty(0).Max())).ToArray();
        // Spectre's square border: "│ " before each column, " " after it, and a last "│".
        var budget = (long)width - (3L * columns.Length + 1);
        while (widths.Sum(w => (long)w) > budget)
        {
            var widest = Array.IndexOf(widths, widths.Max());
            if (widths[widest] <= 1) break;
            widths[widest]--;
        }
        return widths;
    }

    private static string Cut(string value, int width) => value.Length <= width ? value : width <= 1 ? "…" : value[..(width - 1)] + "…";
}
