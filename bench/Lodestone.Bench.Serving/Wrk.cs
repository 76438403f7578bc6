using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Lodestone.Bench.Serving;

/// <summary>
/// Runs Debian's <c>wrk</c> against one URL with a POST body and reads its summary: requests/s, p50/p99 latency and
/// failures (non-2xx answers plus socket errors). With <c>countVersions</c> a Lua response hook also counts which
/// model version answered each request (the <c>"version":N</c> of the body), for the switch-under-load run.
/// </summary>
public static partial class Wrk
{
    public sealed record Result(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Failures, string Versions, string Raw);

    public static async Task<Result> RunAsync(string url, string body, string? bearer, int connections, TimeSpan duration, bool countVersions = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "lodestone-bench-wrk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var script = Path.Combine(folder, "post.lua");
        var lua = $$"""
            wrk.method = "POST"
            wrk.body = [==[{{body}}]==]
            wrk.headers["Content-Type"] = "application/json"
            {{(bearer is null ? "" : $"wrk.headers[\"Authorization\"] = \"Bearer {bearer}\"")}}
            """;
        if (countVersions)
            lua += """

                local threads = {}
                function setup(thread) table.insert(threads, thread) end
                function init(args) v1 = 0 v2 = 0 other = 0 end
                function response(status, headers, body)
                  if status ~= 200 then other = other + 1
                  elseif string.find(body, '"version":2', 1, true) then v2 = v2 + 1
                  elseif string.find(body, '"version":1', 1, true) then v1 = v1 + 1
                  else other = other + 1 end
                end
                function done(summary, latency, requests)
                  local a, b, c = 0, 0, 0
                  for _, t in ipairs(threads) do a = a + t:get("v1") b = b + t:get("v2") c = c + t:get("other") end
                  io.write(string.format("versions: v1=%d v2=%d other=%d\n", a, b, c))
                end
                """;
        await File.WriteAllTextAsync(script, lua);
        try
        {
            var start = new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", script, url])
                { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return Parse(output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Result Parse(string output)
    {
        double Number(Regex pattern) => pattern.Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        var nonSuccess = NonSuccess().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(output) is { Success: true } s
            ? Enumerable.Range(1, 4).Sum(i => long.Parse(s.Groups[i].Value, CultureInfo.InvariantCulture)) : 0;
        var requests = Requests().Match(output) is { Success: true } r ? long.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var versions = Versions().Match(output) is { Success: true } v ? v.Groups[1].Value : "";
        return new Result(Number(PerSecond()), Milliseconds("50%", output), Milliseconds("99%", output), requests, nonSuccess + socket, versions, output);
    }

    /// <summary>A latency percentile line (<c>99%  4.21ms</c>; wrk writes us, ms or s).</summary>
    private static double Milliseconds(string percentile, string output)
    {
        var m = Regex.Match(output, $@"^\s*{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success) return double.NaN;
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex PerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"versions: (.*)")]
    private static partial Regex Versions();
}
