using System.Runtime.InteropServices;
using TorchSharp;

namespace Lodestone.Torch;

/// <summary>
/// Process-wide libtorch set-up: device choice, seeds, threads and flush-to-zero. Flush-to-zero and the thread count are
/// per-thread settings in libtorch (the MXCSR register and OpenMP's thread count), and OpenMP workers inherit them from
/// the thread that first starts them, so <see cref="PrepareThread"/> runs on the thread that trains, before any tensor work.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _flushDenormalResolved;
    private static unsafe delegate* unmanaged<nint> _globalContext;
    private static unsafe delegate* unmanaged<nint, byte, byte> _setFlushDenormal;

    /// <summary>CUDA when libtorch sees a GPU, otherwise the CPU.</summary>
    public static torch.Device ChooseDevice() => torch.cuda.is_available() ? torch.CUDA : torch.CPU;

    /// <summary>
    /// Prepares the calling thread for training: flush denormals to zero, use <paramref name="threads"/> threads
    /// (0 keeps libtorch's default of one per core) and seed libtorch's generators. Returns whether flush-to-zero is on.
    /// </summary>
    public static bool PrepareThread(int threads, int seed)
    {
        var flushed = SetFlushDenormal(true);
        if (threads > 0) torch.set_num_threads(threads);
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
        return flushed;
    }

    /// <summary>
    /// Calls at::globalContext().setFlushDenormal(on) in libtorch_cpu, which TorchSharp does not expose. Returns false
    /// when the CPU does not support it or the symbols cannot be found.
    /// </summary>
    public static unsafe bool SetFlushDenormal(bool on)
    {
        ResolveFlushDenormal();
        if (_globalContext == null || _setFlushDenormal == null) return false;
        var context = _globalContext();
        return _setFlushDenormal(context, on ? (byte)1 : (byte)0) != 0;
    }

    private static unsafe void ResolveFlushDenormal()
    {
        lock (Gate)
        {
            if (_flushDenormalResolved) return;
            _flushDenormalResolved = true;
            // Loading TorchSharp's native side first brings libtorch_cpu into the process, so it is found by name.
            torch.InitializeDeviceType(DeviceType.CPU);
            if (!TryLoadTorchCpu(out var library)) return;
            if (NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out var context) &&
                NativeLibrary.TryGetExport(library, "_ZN2at7Context16setFlushDenormalEb", out var setter))
            {
                _globalContext = (delegate* unmanaged<nint>)context;
                _setFlushDenormal = (delegate* unmanaged<nint, byte, byte>)setter;
            }
        }
    }

    private static bool TryLoadTorchCpu(out nint library)
    {
        const string name = "libtorch_cpu.so";
        if (NativeLibrary.TryLoad(name, out library)) return true;
        var folders = new[]
        {
            AppContext.BaseDirectory,
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"),
            Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "",
        };
        foreach (var folder in folders)
            if (NativeLibrary.TryLoad(Path.Combine(folder, name), out library)) return true;
        return NativeLibrary.TryLoad("torch_cpu", typeof(torch).Assembly, DllImportSearchPath.SafeDirectories, out library);
    }
}
