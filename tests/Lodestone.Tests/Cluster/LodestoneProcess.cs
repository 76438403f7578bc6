using System.Diagnostics;
using System.Text;

namespace Lodestone.Cluster;

/// <summary>
/// A <c>lodestone</c> command (<c>worker</c>, <c>serve</c>, <c>users</c>…) running as a real child process: the build
/// output of src/Lodestone that sits beside the tests, started with <c>dotnet</c>. Its stdout and stderr are kept for the
/// test's log. <see cref="Kill"/> is SIGKILL of the whole process tree, as when a machine loses power; disposing kills too.
/// </summary>
public sealed class LodestoneProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private LodestoneProcess(string label, Process process)
    {
        Label = label;
        _process = process;
    }

    /// <summary>A name for the test's log, e.g. <c>worker-1</c>.</summary>
    public string Label { get; }

    /// <summary>The process id, kept from the start (a disposed <see cref="Process"/> no longer tells it).</summary>
    public int Id { get; private set; }

    /// <summary>The name the process records on the runs it trains (<c>RunExecutor.WorkerName</c>: host and process id).</summary>
    public string WorkerName => $"{Environment.MachineName}:{Id}";

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    public static LodestoneProcess Start(string label, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var executable = Path.Combine(AppContext.BaseDirectory, "lodestone.dll");
        if (!File.Exists(executable)) throw new FileNotFoundException("The lodestone build output is not beside the tests.", executable);
        // The SDK names the dotnet host it runs under; a machine without the variable has dotnet on the PATH.
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(executable);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new LodestoneProcess(label, process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.Start();
        started.Id = process.Id;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Runs a command to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start("command", arguments, environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process._process.WaitForExitAsync(timeout.Token);
        // The asynchronous readers may still hold the last lines; the parameterless wait drains them.
        process._process.WaitForExit();
        return (process._process.ExitCode, process.Output);
    }

    /// <summary>Waits until the process has written <paramref name="text"/>; fails with its output if it exits first.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(2);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (HasExited) throw new InvalidOperationException($"{Label} exited before writing '{text}':\n{Output}");
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"{Label} did not write '{text}':\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL, for the process and its children: nothing runs on the way out.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as a service manager stops a process, and the wait for it to exit; returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await SignalAsync("TERM");
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGSTOP: the process freezes (as in a long GC pause or a network partition) without dying.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: a paused process carries on where it stopped.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {Id} failed.");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _output.AppendLine(line);
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
    }
}
