namespace Lodestone.Training;

/// <summary>The machine a run trained on. Internal runs describe the worker; external ones report their own.</summary>
public sealed class RunHardware
{
    public string Host { get; set; } = "";
    public string CpuModel { get; set; } = "";
    public int Cores { get; set; }
    public long MemoryMb { get; set; }
    /// <summary>The GPU's name, or empty when the run had none.</summary>
    public string Gpu { get; set; } = "";

    /// <summary>This process's machine: CPU model from /proc/cpuinfo where there is one, logical cores and total memory.</summary>
    public static RunHardware OfThisMachine() => new()
    {
        Host = Environment.MachineName,
        CpuModel = CpuModelName(),
        Cores = Environment.ProcessorCount,
        MemoryMb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024),
    };

    private static string CpuModelName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "" : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
