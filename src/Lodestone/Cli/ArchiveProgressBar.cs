using Lodestone.Archives;
using Spectre.Console;

namespace Lodestone.Cli;

/// <summary>One progress bar in bytes for an export or import, its description following the stage.</summary>
internal static class ArchiveProgressBar
{
    public static Task RunAsync(string title, Func<IProgress<ArchiveProgress>, Task> work) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var shown = Markup.Escape(title);
                var bar = context.AddTask(shown, maxValue: 1);
                var progress = new Progress<ArchiveProgress>(p =>
                {
                    bar.Description = $"{shown}: {Markup.Escape(p.Stage)}";
                    // Stages that count rows or files rather than bytes leave the bar where it is.
                    if (p.TotalBytes <= 0) return;
                    bar.MaxValue = p.TotalBytes;
                    bar.Value = p.Bytes;
                });
                await work(progress);
                bar.Value = bar.MaxValue;
            });
}
