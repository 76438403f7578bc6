using System.Diagnostics;
using System.Text.Json;
using Lodestone.Evaluation;
using Lodestone.Features;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;

namespace Lodestone.Bench.Trainers;

/// <summary>
/// Our Isolation Forest against scikit-learn's on SKAB under the leaderboard protocol, over the same seeds in the same run.
/// At contamination 0.0005 the threshold is about the highest of 400 training scores, so one seed's F1 swings by several
/// hundredths: the algorithms are compared by the mean and spread of F1 over seeds, and, more sharply, by each row's
/// anomaly score averaged over the seeds (two implementations of one algorithm estimate the same expected path length).
/// </summary>
internal static class IsolationForestAgreement
{
    public static void Run(IReadOnlyList<SkabFile> files, int seeds)
    {
        var ours = new List<(AnomalyMetrics Metrics, double Seconds, int RawFlags)>();
        var sums = files.Select(f => new double[f.Rows]).ToArray();
        var squares = files.Select(f => new double[f.Rows]).ToArray();
        var points = files.Select(f => Windowing.Trailing(f.Channels, f.Series, f.Times, 1, 1)).ToArray();
        for (var seed = 0; seed < seeds; seed++)
        {
            var options = new IsolationForestOptions { Input = AnomalyInput.Raw, Standardize = false, Contamination = 0.0005, Seed = seed };
            var parts = new List<AnomalyMetrics>();
            var watch = new Stopwatch();
            var rawFlags = 0;
            for (var f = 0; f < files.Count; f++)
            {
                watch.Start();
                var model = new IsolationForestTrainer().Fit(points[f].Select(Enumerable.Range(0, SkabBenchmark.TrainRows).ToArray()), options, new LocalTrainingContext());
                var flagged = model.Predict(points[f]).Select(p => p.IsAnomaly).ToArray();
                watch.Stop();
                parts.Add(SkabBenchmark.Count(files[f], SkabBenchmark.RollingMedian3(flagged)));
                rawFlags += flagged.Skip(SkabBenchmark.TrainRows).Count(v => v);
                var scores = model.Score(points[f]);
                for (var i = 0; i < scores.Length; i++) { sums[f][i] += scores[i]; squares[f][i] += scores[i] * scores[i]; }
            }
            ours.Add((AnomalyMetrics.Sum(parts), watch.Elapsed.TotalSeconds, rawFlags));
        }
        var peer = RunScikitLearn(files, seeds);

        Console.WriteLine($"| implementation | F1 seed 0 | F1 mean ± sd over seeds 0–{seeds - 1} | min | max | FAR % mean | MAR % mean | fit+score s per seed |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Row("Lodestone IsolationForest", ours);
        if (peer is null)
        {
            Console.WriteLine("| scikit-learn | not run: /usr/bin/python3 with sklearn and pandas is missing | | | | | | |");
            return;
        }
        Row("scikit-learn 1.2 IsolationForest", peer.Value.Runs);

        var a = ours.Select(r => r.Metrics.F1).ToArray();
        var b = peer.Value.Runs.Select(r => r.Metrics.F1).ToArray();
        var difference = a.Average() - b.Average();
        var standardError = Math.Sqrt(Variance(a) / a.Length + Variance(b) / b.Length);
        Console.WriteLine($"\nMean F1 difference {difference:+0.000;-0.000} ± {standardError:0.000} (standard error; Welch t = {difference / standardError:0.00}); " +
            $"speed-up {peer.Value.Runs.Average(r => r.Seconds) / ours.Average(r => r.Seconds):0.0}× (mean fit+score per seed)");

        var fa = ours.Select(r => (double)r.RawFlags).ToArray();
        var fb = peer.Value.Runs.Select(r => (double)r.RawFlags).ToArray();
        Console.WriteLine($"Test rows flagged by predict (before the median) per seed: ours {fa.Average():0.0} ± {Math.Sqrt(Variance(fa)):0.0}, " +
            $"sklearn {fb.Average():0.0} ± {Math.Sqrt(Variance(fb)):0.0} (Welch t = {(fa.Average() - fb.Average()) / Math.Sqrt(Variance(fa) / fa.Length + Variance(fb) / fb.Length):0.00})");

        // Row scores averaged over seeds: their difference against the seed noise of such an average.
        double absolute = 0, largest = 0, noise = 0, ourSpread = 0, theirSpread = 0;
        var n = 0;
        var x = new List<double>();
        var y = new List<double>();
        for (var f = 0; f < files.Count; f++)
        {
            var theirs = peer.Value.Scores[files[f].Path];
            var theirSquares = peer.Value.Squares[files[f].Path];
            for (var i = 0; i < files[f].Rows; i++)
            {
                var mean = sums[f][i] / seeds;
                var variance = Math.Max(0, squares[f][i] / seeds - mean * mean) + Math.Max(0, theirSquares[i] - theirs[i] * theirs[i]);
                ourSpread += Math.Sqrt(Math.Max(0, squares[f][i] / seeds - mean * mean));
                theirSpread += Math.Sqrt(Math.Max(0, theirSquares[i] - theirs[i] * theirs[i]));
                var d = Math.Abs(mean - theirs[i]);
                absolute += d;
                largest = Math.Max(largest, d);
                noise += Math.Sqrt(2 / Math.PI * variance / (seeds - 1)); // expected |difference| of two seed-averages of one distribution
                x.Add(mean);
                y.Add(theirs[i]);
                n++;
            }
        }
        Console.WriteLine($"Row scores averaged over {seeds} seeds ({n} rows): mean |ours − sklearn| {absolute / n:0.00000}, max {largest:0.0000}, " +
            $"expected from seed noise alone {noise / n:0.00000}; Pearson r {Correlation(x, y):0.0000}; mean score ours {x.Average():0.0000}, sklearn {y.Average():0.0000}; " +
            $"a row's sd over seeds ours {ourSpread / n:0.0000}, sklearn {theirSpread / n:0.0000}");
    }

    private static void Row(string name, IReadOnlyList<(AnomalyMetrics Metrics, double Seconds, int RawFlags)> runs)
    {
        var f1 = runs.Select(r => r.Metrics.F1).ToArray();
        Console.WriteLine($"| {name} | {f1[0]:0.000} | {f1.Average():0.000} ± {Math.Sqrt(Variance(f1)):0.000} | {f1.Min():0.000} | {f1.Max():0.000} | " +
            $"{runs.Average(r => r.Metrics.FalseAlarmRate):0.00} | {runs.Average(r => r.Metrics.MissedAlarmRate):0.00} | {runs.Average(r => r.Seconds):0.00} |");
    }

    /// <summary>Sample variance (n − 1).</summary>
    private static double Variance(double[] values)
    {
        var mean = values.Average();
        return values.Length > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) : 0;
    }

    private static double Correlation(List<double> x, List<double> y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxy / Math.Sqrt(sxx * syy);
    }

    private static (List<(AnomalyMetrics Metrics, double Seconds, int RawFlags)> Runs, Dictionary<string, double[]> Scores, Dictionary<string, double[]> Squares)? RunScikitLearn(IReadOnlyList<SkabFile> files, int seeds)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "skab_iforest.py"));
        start.ArgumentList.Add(seeds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var f in files) start.ArgumentList.Add(f.Path);
        Process? process;
        try { process = Process.Start(start); }
        catch (System.ComponentModel.Win32Exception) { return null; }
        if (process is null) return null;
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"scikit-learn peer failed: {errors.Result.Trim()}");
                return null;
            }
            var json = JsonDocument.Parse(output).RootElement;
            var runs = json.GetProperty("runs").EnumerateArray().Select(r => (new AnomalyMetrics(r.GetProperty("tp").GetInt32(),
                r.GetProperty("tn").GetInt32(), r.GetProperty("fp").GetInt32(), r.GetProperty("fn").GetInt32()), r.GetProperty("seconds").GetDouble(), r.GetProperty("raw_flags").GetInt32())).ToList();
            var scores = json.GetProperty("scores").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray());
            var squares = json.GetProperty("squares").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray());
            return (runs, scores, squares);
        }
    }
}
