using Lodestone.Data;

namespace Lodestone.Hosting;

/// <summary>
/// The embedded job server's claim on its data folder: an OS lock on <c>lodestone.lock</c> in it, so that a second
/// <c>serve</c> on the same folder is refused before it recovers (and trains again) the first one's runs. The kernel
/// drops the lock when the process dies, however it dies, so no stale lock survives a kill. CLI commands never take it.
/// </summary>
internal sealed class DataFolderLock(LodestonePaths paths) : IDisposable
{
    private FileStream? _file;

    public string FilePath => Path.Combine(paths.Root, "lodestone.lock");

    /// <summary>Takes the lock, or throws with a message that says who holds it and what to do.</summary>
    public void Acquire()
    {
        paths.EnsureCreated();
        try
        {
            // On Linux and macOS .NET takes FileShare.None as flock(LOCK_EX | LOCK_NB): advisory, per open file.
            _file = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"Another Lodestone server is using the data folder {paths.Root} (it holds {FilePath}). " +
                "Stop it first, or start this one with --data for another folder; CLI commands work beside it.");
        }
    }

    public void Dispose() => _file?.Dispose();
}
