using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Lodestone.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Archives;

/// <summary>
/// Writes a project to one zip archive, streamed entry by entry (never the archive in memory): its rows as JSON lines
/// per entity type, its files as they are on disk, the names of the users its rows name (never their secrets), and last
/// the manifest with the length and SHA-256 of every entry.
/// </summary>
public sealed class ProjectExporter(LodestoneDb db, LodestonePaths paths)
{
    private const int CopyBuffer = 1 << 20;

    public async Task<ArchiveManifest> ExportAsync(Guid projectId, Stream output, IProgress<ArchiveProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken)
            ?? throw new InvalidInputException($"No project {projectId}.");
        var entities = ProjectEntities.Of(db.Model);
        await using var snapshot = await SnapshotAsync(cancellationToken);
        var files = ProjectFiles.Of(paths, projectId);
        var total = files.Sum(f => f.Bytes);
        var entries = new List<ArchiveEntry>();
        var counts = new Dictionary<string, long>();
        var keys = new HashSet<Guid>();
        var referenced = new HashSet<Guid>();

        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            progress?.Report(new ArchiveProgress("Rows", 0, total));
            foreach (var entity in entities.Entities)
            {
                var keyProperties = entity.OwnKeys;
                var rows = 0L;
                entries.Add(await WriteEntryAsync(zip, ArchiveManifest.RowsFolder + entity.Name + ".jsonl", CompressionLevel.Fastest, async stream =>
                {
                    await foreach (var row in ProjectRows.ReadAsync(db, entities, entity, projectId, cancellationToken))
                    {
                        foreach (var key in keyProperties) if (row[key.Name] is Guid id) keys.Add(id);
                        foreach (var value in row.Values) if (value is Guid id) referenced.Add(id);
                        JsonSerializer.Serialize(stream, row, ProjectRows.Json);
                        stream.WriteByte((byte)'\n');
                        rows++;
                    }
                }));
                counts[entity.Name] = rows;
            }

            referenced.ExceptWith(keys);
            entries.Add(await WriteEntryAsync(zip, ArchiveManifest.UsersEntry, CompressionLevel.Fastest, async stream =>
            {
                // Only who the rows name, by name: never a password or key hash, never users the project does not know.
                foreach (var chunk in referenced.Chunk(500))
                {
                    var users = await db.Users.AsNoTracking().Where(u => chunk.Contains(u.Id)).OrderBy(u => u.UserName)
                        .Select(u => new ArchivedUser(u.Id, u.UserName)).ToListAsync(cancellationToken);
                    foreach (var user in users)
                    {
                        JsonSerializer.Serialize(stream, user, ProjectRows.Json);
                        stream.WriteByte((byte)'\n');
                    }
                }
            }));

            var done = 0L;
            foreach (var file in files)
            {
                // Parquet is compressed already; deflating it again costs time and saves nothing.
                var level = file.Path.EndsWith(".parquet", StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Fastest;
                entries.Add(await WriteEntryAsync(zip, file.EntryName, level, async stream =>
                {
                    await using var source = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, CopyBuffer, FileOptions.SequentialScan);
                    var buffer = new byte[CopyBuffer];
                    int read;
                    while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        stream.Write(buffer, 0, read);
                        done += read;
                        progress?.Report(new ArchiveProgress("Files", done, total));
                    }
                }));
            }
            counts["files"] = files.Count;

            var manifest = new ArchiveManifest(ArchiveManifest.FormatName, ArchiveManifest.CurrentFormatVersion, Version,
                new ArchiveSource(Environment.MachineName, db.Database.ProviderName ?? "", paths.Root), DateTime.UtcNow,
                project.Id, project.Name, counts, entries);
            var entry = zip.CreateEntry(ArchiveManifest.FileName, CompressionLevel.Fastest);
            await using (var stream = entry.Open())
                await JsonSerializer.SerializeAsync(stream, manifest, ManifestJson, cancellationToken);
            progress?.Report(new ArchiveProgress("Done", total, total));
            return manifest;
        }
    }

    /// <summary>
    /// One read transaction over every query, so that rows written during the export (a metric of a run created after
    /// the runs were read) never reach the archive without what they refer to. On SQLite a deferred transaction: in WAL
    /// mode it reads one snapshot and never blocks writers; on PostgreSQL repeatable read, its snapshot isolation.
    /// </summary>
    private async Task<IAsyncDisposable> SnapshotAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var transaction = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return new Snapshot(db, transaction);
    }

    private sealed class Snapshot(LodestoneDb db, System.Data.Common.DbTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<ArchiveEntry> WriteEntryAsync(ZipArchive zip, string name, CompressionLevel level, Func<Stream, Task> write)
    {
        var entry = zip.CreateEntry(name, level);
        await using var entryStream = entry.Open();
        using var hashing = new HashingStream(entryStream, leaveOpen: true);
        var buffered = new BufferedStream(hashing, 1 << 16);
        await write(buffered);
        buffered.Flush();
        return new ArchiveEntry(name, hashing.Bytes, hashing.Sha256());
    }

    public static string Version { get; } =
        typeof(ProjectExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    internal static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

/// <summary>A user an archive's rows name: only the id and user name travel.</summary>
public sealed record ArchivedUser(Guid Id, string UserName);
