using System.CommandLine;
using Lodestone.Data;
using Lodestone.Hosting;
using Lodestone.Jobs;
using Lodestone.Training;

namespace Lodestone.Cli;

/// <summary>
/// <c>lodestone worker --db … --data … --queues default,heavy --concurrency N</c>: a training worker with no UI. Start any
/// number, on any machine that reaches the same PostgreSQL database and artifact folder.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var data = CommonOptions.DataFolder();
        var db = CommonOptions.Database();
        var queues = new Option<string>("--queues") { Description = "Queues to take runs from, comma-separated, in priority order.", DefaultValueFactory = _ => "default,heavy" };
        var concurrency = new Option<int>("--concurrency") { Description = "Runs trained at the same time.", DefaultValueFactory = _ => 1 };
        var command = new Command("worker", "Train queued runs from a shared PostgreSQL job queue (no web UI).") { data, db, queues, concurrency };
        command.SetAction(async (result, cancellationToken) =>
        {
            var database = result.GetValue(db);
            if (string.IsNullOrWhiteSpace(database))
            {
                Console.Error.WriteLine("A worker needs --db with the PostgreSQL connection string that `serve` uses.");
                return 2;
            }
            var args = CommonOptions.AsConfiguration(result.GetValue(data), database).ToList();
            var names = result.GetValue(queues)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < names.Length; i++) args.Add($"--{JobServerOptions.Section}:Queues:{i}={names[i]}");
            args.Add($"--{JobServerOptions.Section}:Concurrency={Math.Max(1, result.GetValue(concurrency))}");

            var builder = Host.CreateApplicationBuilder([.. args]);
            builder.Services.AddLodestoneCore();
            // The relay first, so that it stops after the job server (see AddTrainingServices).
            builder.Services.AddRunEventRelay();
            builder.Services.AddJobEngine(runServer: true);
            using var host = builder.Build();
            host.Services.GetRequiredService<LodestonePaths>().EnsureCreated();
            await using (var scope = host.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<LodestoneDb>().MigrateAsync(cancellationToken);
            Console.WriteLine($"Worker {RunExecutor.WorkerName} takes runs from {string.Join(", ", names)}, {Math.Max(1, result.GetValue(concurrency))} at a time.");
            await host.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
