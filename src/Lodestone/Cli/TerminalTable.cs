using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lodestone.Cli;

/// <summary>
/// Tables of the CLI: one line per row at the terminal's width, long values cut with "…" rather than wrapped. Printed
/// to a pipe (no terminal, where Spectre would assume 80 columns) a table is as wide as its content.
/// </summary>
internal static class TerminalTable
{
    public static Table Create(params string[] columns)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 4096;
        var table = new Table();
        foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column)).NoWrap());
        return table;
    }

    /// <summary>A value from a file or the database, control characters escaped, cut with "…" where it does not fit.</summary>
    public static IRenderable Cell(string? value) => new Text(TerminalText.Safe(value)) { Overflow = Overflow.Ellipsis };
}
