using Spectre.Console;

namespace Lodestone.Cli;

public sealed class TerminalTableTests
{
    /// <summary>The table as a terminal of <paramref name="width"/> columns shows it.</summary>
    private static string[] Render(TerminalTable table, int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        console.Write(table.Build(width));
        return [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];
    }

    private static TerminalTable Projects()
    {
        var table = new TerminalTable("Project", "Id", "Members", "Datasets");
        table.AddRow("Harbour north quay magnetometers", "01a23568-7143-767d-8d9c-e2d301b3e091",
            string.Join(", ", Enumerable.Range(1, 12).Select(i => $"engineer-{i} (Editor)")), "3");
        table.AddRow("Valve", "01a23568-7143-767d-8d9c-e2d301b3e092", "admin (Admin)", "1");
        return table;
    }

    [Fact]
    public void EachRowKeepsToOneLineAtEightyColumns_ItsLongValuesCutWithAnEllipsis()
    {
        var lines = Render(Projects(), 80);

        // Top border, header, separator, two rows, bottom border.
        Assert.Equal(6, lines.Length);
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"wider than 80: {line}"));
        Assert.Contains("…", lines[3]);
        Assert.Contains("Harbour", lines[3]);
        Assert.Contains("Valve", lines[4]);
        Assert.Contains("admin (Admin)", lines[4]);
    }

    [Fact]
    public void AWideTerminalShowsEveryValueWhole()
    {
        var lines = Render(Projects(), 400);

        Assert.Equal(6, lines.Length);
        Assert.Contains("engineer-12 (Editor)", lines[3]);
        Assert.DoesNotContain("…", string.Concat(lines));
    }

    [Fact]
    public void ACellShowsControlCharactersEscaped_NotAsTerminalSequences()
    {
        var table = new TerminalTable("Name");
        table.AddRow("evil\u001b[2Jname");

        var row = Render(table, 80)[3];

        Assert.DoesNotContain("\u001b", row);
        Assert.Contains("evil", row);
    }
}
