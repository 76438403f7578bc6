using System.Text.Json;
using Lodestone.Accounts;
using Lodestone.Data;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Lodestone.Archives;

/// <summary>
/// Imports an archive as a new project of this instance. Everything is checked and unpacked to staging first
/// (<see cref="StagedArchive"/>); then the rows go in, in one transaction, with every id remapped (<see cref="IdMap"/>),
/// members mapped by user name where the user exists here, and the importer made admin; the files are moved under the
/// new ids before the commit and removed again if it fails. A refused or failed import leaves no row and no file.
/// </summary>
public sealed class ProjectImporter(LodestoneDb db, LodestonePaths paths, MembershipCache? memberships = null)
{
    public async Task<ImportedProject> ImportAsync(string archivePath, Guid importerId, string? name = null,
        IProgress<ArchiveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var importer = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == importerId, cancellationToken)
            ?? throw new InvalidInputException("The importing user does not exist.");
        Directory.CreateDirectory(paths.Staging);
        var staging = Path.Combine(paths.Staging, $"import-project-{Guid.NewGuid():N}");
        var placed = new List<string>();
        try
        {
            var archive = await StagedArchive.UnpackAsync(archivePath, staging, progress, cancellationToken);
            var entities = ProjectEntities.Of(db.Model);
            var rowFiles = RowFiles(archive, entities);
            var map = new IdMap();
            var projectType = entities.Entities.Single(e => e.Type.ClrType == typeof(Project));
            var missingUsers = await MapUsersAsync(archive, map, importer, cancellationToken);
            foreach (var entity in entities.Entities) await FreshKeysAsync(rowFiles, entity, map, cancellationToken);
            if (!map.TryMap(archive.Manifest.ProjectId, out var projectId))
                throw new ArchiveRefusedException("The archive is damaged: it holds no project row.");
            var projectName = await NameAsync(name, archive.Manifest.ProjectName, cancellationToken);

            var counts = new Dictionary<string, long>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var deferred = new List<(ArchivedEntity Entity, List<(IProperty, object?)> Set, List<(IProperty, object?)> Key)>();
            foreach (var entity in entities.Entities)
            {
                progress?.Report(new ArchiveProgress($"Rows: {entity.Name}", 0, 0));
                counts[entity.Name] = await InsertAsync(rowFiles, entity, map, importer.Id, missingUsers, projectName, deferred, cancellationToken);
            }
            foreach (var (entity, set, key) in deferred) await RowWriter.UpdateAsync(db, entity, set, key, cancellationToken);
            await AddImporterAsync(entities, projectId, importer.Id, cancellationToken);

            var (files, bytes) = PlaceFiles(archive, map, placed, progress);
            await transaction.CommitAsync(cancellationToken);
            memberships?.Evict(importer.Id, projectId);
            return new ImportedProject(projectId, projectName, archive.Manifest.ProjectId, counts, files, bytes, map.Entries);
        }
        catch
        {
            foreach (var folder in placed) TryDelete(folder);
            throw;
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>The staged rows file of each type; a type this version does not know is refused, not dropped.</summary>
    private static Dictionary<ArchivedEntity, string> RowFiles(StagedArchive archive, ProjectEntities entities)
    {
        var files = new Dictionary<ArchivedEntity, string>();
        foreach (var entry in archive.Manifest.Entries.Where(e => e.Name.StartsWith(ArchiveManifest.RowsFolder, StringComparison.Ordinal)))
        {
            var typeName = Path.GetFileNameWithoutExtension(entry.Name[ArchiveManifest.RowsFolder.Length..]);
            var entity = entities.Find(typeName)
                ?? throw new ArchiveRefusedException($"The archive holds rows of '{typeName}', which this version of Lodestone does not know: it was made by a newer one.");
            files[entity] = archive.PathOf(entry.Name);
        }
        return files;
    }

    /// <summary>Users by name: the target's user of that name, else the importer. Returns the ids with no such user here.</summary>
    private async Task<HashSet<Guid>> MapUsersAsync(StagedArchive archive, IdMap map, User importer, CancellationToken cancellationToken)
    {
        var missing = new HashSet<Guid>();
        var path = archive.PathOf(ArchiveManifest.UsersEntry);
        if (!File.Exists(path)) return missing;
        var archived = new List<ArchivedUser>();
        await foreach (var line in Lines(path, cancellationToken))
            archived.Add(line.Deserialize<ArchivedUser>(ProjectRows.Json) ?? throw Damaged(ArchiveManifest.UsersEntry));
        var names = archived.Select(u => u.UserName).ToList();
        var here = await db.Users.AsNoTracking().Where(u => names.Contains(u.UserName)).ToDictionaryAsync(u => u.UserName, u => u.Id, cancellationToken);
        foreach (var user in archived)
        {
            if (here.TryGetValue(user.UserName, out var id)) map.Set(user.Id, id);
            else
            {
                map.Set(user.Id, importer.Id);
                missing.Add(user.Id);
            }
        }
        return missing;
    }

    /// <summary>Every Guid key of an archived row gets its new id before any row goes in, so references in any order map.</summary>
    private static async Task FreshKeysAsync(Dictionary<ArchivedEntity, string> files, ArchivedEntity entity, IdMap map, CancellationToken cancellationToken)
    {
        if (!files.TryGetValue(entity, out var path)) return;
        var (keys, textKeys) = (entity.OwnKeys, entity.OwnTextKeys);
        if (keys.Count == 0 && textKeys.Count == 0) return;
        await foreach (var line in Lines(path, cancellationToken))
        {
            foreach (var key in keys)
                if (line.TryGetProperty(key.Name, out var value) && value.TryGetGuid(out var id)) map.Fresh(id);
            foreach (var key in textKeys)
                if (line.TryGetProperty(key.Name, out var value) && value.ValueKind == JsonValueKind.String) map.FreshIn(value.GetString()!);
        }
    }

    private async Task<long> InsertAsync(Dictionary<ArchivedEntity, string> files, ArchivedEntity entity, IdMap map, Guid importerId,
        HashSet<Guid> missingUsers, string projectName, List<(ArchivedEntity, List<(IProperty, object?)>, List<(IProperty, object?)>)> deferred,
        CancellationToken cancellationToken)
    {
        if (!files.TryGetValue(entity, out var path)) return 0;
        var isProject = entity.Type.ClrType == typeof(Project);
        var isMember = entity.Type.ClrType == typeof(ProjectMember);
        var key = entity.Type.FindPrimaryKey()!.Properties;
        var deferredColumns = entity.DeferredKeys.SelectMany(k => k.Properties).ToHashSet();
        var userColumns = entity.Type.GetForeignKeys().Where(k => k.PrincipalEntityType.ClrType == typeof(User)).SelectMany(k => k.Properties).ToHashSet();
        RowWriter? writer = null;
        List<IProperty>? columns = null;
        var rows = 0L;
        try
        {
            await foreach (var line in Lines(path, cancellationToken))
            {
                if (columns is null)
                {
                    columns = [];
                    foreach (var field in line.EnumerateObject())
                    {
                        var property = entity.Type.FindProperty(field.Name)
                            ?? throw new ArchiveRefusedException($"The archive's {entity.Name} rows have '{field.Name}', which this version of Lodestone does not know: it was made by a newer one.");
                        if (!entity.IsGenerated(property)) columns.Add(property);
                    }
                    writer = new RowWriter(db, entity, columns);
                }
                var values = new object?[columns.Count];
                var later = new List<(IProperty, object?)>();
                var skip = false;
                for (var i = 0; i < columns.Count; i++)
                {
                    var property = columns[i];
                    var value = Value(entity, property, line);
                    if (value is Guid id)
                    {
                        if (isMember && userColumns.Contains(property) && (missingUsers.Contains(id) || map.Map(id) == importerId)) skip = true;
                        value = map.TryMap(id, out var mapped) ? mapped : userColumns.Contains(property) ? importerId : id;
                    }
                    else if (value is string text) value = map.MapText(text);
                    if (isProject && property.Name == nameof(Project.Name)) value = projectName;
                    if (isProject && property.Name == nameof(Project.DeletedAt)) value = null;
                    if (deferredColumns.Contains(property) && value is not null)
                    {
                        later.Add((property, value));
                        value = null;
                    }
                    values[i] = value;
                }
                // Members whose user is not here stay behind; the importer is added as admin afterwards.
                if (skip) continue;
                await writer!.InsertAsync(values, cancellationToken);
                rows++;
                if (later.Count > 0)
                    deferred.Add((entity, later, [.. key.Select(k => (k, values[columns.IndexOf(k)]))]));
            }
        }
        catch (JsonException)
        {
            throw Damaged(entity.Name);
        }
        finally
        {
            if (writer is not null) await writer.DisposeAsync();
        }
        return rows;
    }

    private static object? Value(ArchivedEntity entity, IProperty property, JsonElement row)
    {
        if (!row.TryGetProperty(property.Name, out var element) || element.ValueKind == JsonValueKind.Null) return null;
        try
        {
            var value = element.Deserialize(ProjectRows.ProviderType(property), ProjectRows.Json);
            return value is DateTime { Kind: DateTimeKind.Local } time ? time.ToUniversalTime() : value;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new ArchiveRefusedException($"The archive is damaged: a {entity.Name} row's '{property.Name}' is not a {ProjectRows.ProviderType(property).Name}.");
        }
    }

    private async Task AddImporterAsync(ProjectEntities entities, Guid projectId, Guid importerId, CancellationToken cancellationToken)
    {
        var member = entities.Entities.Single(e => e.Type.ClrType == typeof(ProjectMember));
        var row = new ProjectMember(projectId, importerId, ProjectRole.Admin);
        var columns = member.Properties.Where(p => !member.IsGenerated(p)).ToList();
        await using var writer = new RowWriter(db, member, columns);
        await writer.InsertAsync([.. columns.Select(p => ProjectRows.ToProvider(p, p.GetGetter().GetClrValueUsingContainingEntity(row)))], cancellationToken);
    }

    /// <summary>The name asked for, or the archived one made unique ("Pumps (imported)", "Pumps (imported 2)"…).</summary>
    private async Task<string> NameAsync(string? wanted, string archived, CancellationToken cancellationToken)
    {
        var names = (await db.Projects.AsNoTracking().Select(p => p.Name).ToListAsync(cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(wanted))
        {
            wanted = wanted.Trim();
            if (wanted.Length > 200) throw new InvalidInputException("A project name has 1 to 200 characters.");
            if (names.Contains(wanted)) throw new InvalidInputException($"A project named '{wanted}' exists already; give the import another name.");
            return wanted;
        }
        if (!names.Contains(archived)) return archived;
        var stem = archived.Length > 180 ? archived[..180] : archived;
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? $"{stem} (imported)" : $"{stem} (imported {n})";
            if (!names.Contains(candidate)) return candidate;
        }
    }

    /// <summary>Moves the staged files under the new ids (folder names remapped); records each project folder made.</summary>
    private (int Files, long Bytes) PlaceFiles(StagedArchive archive, IdMap map, List<string> placed, IProgress<ArchiveProgress>? progress)
    {
        var root = Path.Combine(archive.Folder, ArchiveManifest.FilesFolder.TrimEnd('/'));
        if (!Directory.Exists(root)) return (0, 0);
        var files = 0;
        var bytes = 0L;
        foreach (var top in Directory.EnumerateDirectories(root))
        foreach (var projectFolder in Directory.EnumerateDirectories(top))
        {
            var target = Path.Combine(paths.Root, Path.GetFileName(top), map.MapText(Path.GetFileName(projectFolder)));
            if (Directory.Exists(target)) throw new InvalidOperationException($"{target} exists already.");
            placed.Add(target);
            foreach (var file in Directory.EnumerateFiles(projectFolder, "*", SearchOption.AllDirectories))
            {
                var relative = map.MapText(Path.GetRelativePath(projectFolder, file));
                var destination = Path.Combine(target, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                bytes += new FileInfo(file).Length;
                File.Move(file, destination);
                files++;
                progress?.Report(new ArchiveProgress("Placing files", files, 0));
            }
        }
        return (files, bytes);
    }

    private static async IAsyncEnumerable<JsonElement> Lines(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) continue;
            JsonElement element;
            try
            {
                element = JsonSerializer.Deserialize<JsonElement>(line);
            }
            catch (JsonException)
            {
                throw Damaged(Path.GetFileName(path));
            }
            if (element.ValueKind != JsonValueKind.Object) throw Damaged(Path.GetFileName(path));
            yield return element;
        }
    }

    private static ArchiveRefusedException Damaged(string what) => new($"The archive is damaged: {what} has a line that is not a row.");

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
