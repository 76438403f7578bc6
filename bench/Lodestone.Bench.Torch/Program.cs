using Lodestone.Bench.Torch;

// Usage: dotnet run -c Release --project bench/Lodestone.Bench.Torch [lstm|basicmotions|skab|all] [threads] [SKAB files] [seed]
var section = args.Length > 0 ? args[0] : "all";
var threads = args.Length > 1 ? int.Parse(args[1]) : Environment.ProcessorCount;
Console.WriteLine($"# Lodestone deep trainers benchmark — {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {threads} threads");
Console.WriteLine();
if (section is "lstm" or "all") await LstmThroughput.Run(threads, epochs: 3, rounds: 2);
if (section is "basicmotions" or "all") await BasicMotions.Run(threads);
if (section is "skab" or "all") await Skab.Run(threads, args.Length > 2 ? int.Parse(args[2]) : int.MaxValue, args.Length > 3 ? int.Parse(args[3]) : null);
