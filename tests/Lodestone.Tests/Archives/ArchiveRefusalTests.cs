using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lodestone.Data;
using Lodestone.Infrastructure;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Archives;

/// <summary>
/// A damaged, foreign or too new archive is refused with a 400 that says why, and leaves no project, no row and no file;
/// exports need the admin role and are invisible to non-members; an archive carries no secret.
/// </summary>
[Collection(AppHostsCollection.Name)]
public sealed class ArchiveRefusalTests : IClassFixture<ArchiveRefusalTests.Exported>
{
    private readonly Exported _exported;

    public ArchiveRefusalTests(Exported exported) => _exported = exported;

    /// <summary>One app with a project (no run: refusals need only rows and files) and its archive, shared by the tests.</summary>
    public sealed class Exported : IAsyncLifetime
    {
        public LodestoneAppFactory App { get; } = new();
        public TestUser Owner { get; private set; } = null!;
        public ArchivedProject Project { get; private set; } = null!;
        public byte[] Archive { get; private set; } = [];

        public async Task InitializeAsync()
        {
            Owner = await App.CreateUserAsync("alice");
            Project = await ArchivedProject.BuildAsync(App, Owner, withRun: false);
            Archive = await ArchivedProject.ExportAsync(Owner, Project.ProjectId);
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task An_intact_archive_imports_through_the_api_as_a_new_project_of_the_uploader()
    {
        var response = await _exported.Owner.Client.PostAsync("/api/projects/import", ArchivedProject.ImportForm(_exported.Archive, "Magnetometers again"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var imported = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = imported.GetProperty("id").GetGuid();
        var project = await _exported.Owner.Client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
        Assert.Equal("Magnetometers again", project.GetProperty("name").GetString());
        Assert.Equal("Admin", project.GetProperty("role").GetString());
        var datasets = await _exported.Owner.Client.GetFromJsonAsync<List<JsonElement>>($"/api/projects/{id}/datasets");
        Assert.Equal("site", Assert.Single(datasets!).GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_archive_whose_entry_was_changed_is_refused_for_its_checksum()
    {
        var damaged = Rewrite(_exported.Archive, (name, bytes) => name.StartsWith("rows/Dataset") ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("site.csv", "evil.csv")) : bytes);
        await AssertRefusedAsync(damaged, "does not match its checksum");
    }

    [Fact]
    public async Task A_truncated_archive_is_refused()
    {
        await AssertRefusedAsync(_exported.Archive[..(_exported.Archive.Length / 2)], "truncated");
    }

    [Fact]
    public async Task An_archive_missing_an_entry_its_manifest_lists_is_refused_naming_it()
    {
        var missing = Rewrite(_exported.Archive, (name, bytes) => name.EndsWith(".parquet") && name.Contains("/segment") ? null : bytes);
        await AssertRefusedAsync(missing, "which is missing");
    }

    [Fact]
    public async Task A_zip_that_is_not_a_lodestone_archive_and_a_file_that_is_not_a_zip_are_refused_as_foreign()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        await using (var entry = zip.CreateEntry("readme.txt").Open())
            entry.Write("holiday photos"u8);
        await AssertRefusedAsync(buffer.ToArray(), "not a Lodestone project archive");
        await AssertRefusedAsync("timestamp,value\n2026-01-01T00:00:00Z,1\n"u8.ToArray(), "not a Lodestone project archive");
    }

    [Fact]
    public async Task An_archive_of_a_newer_format_version_is_refused_asking_for_an_upgrade()
    {
        var newer = Rewrite(_exported.Archive, (name, bytes) =>
        {
            if (name != ArchiveManifest.FileName) return bytes;
            var manifest = JsonNode.Parse(bytes)!;
            manifest["formatVersion"] = ArchiveManifest.CurrentFormatVersion + 1;
            return Encoding.UTF8.GetBytes(manifest.ToJsonString());
        });
        await AssertRefusedAsync(newer, "newer Lodestone");
    }

    [Fact]
    public async Task An_archive_that_says_it_unpacks_to_more_than_the_disk_has_free_is_refused_before_unpacking()
    {
        var bomb = Rewrite(_exported.Archive, (name, bytes) =>
        {
            if (name != ArchiveManifest.FileName) return bytes;
            var manifest = JsonNode.Parse(bytes)!;
            manifest["entries"]![0]!["bytes"] = 1L << 50;
            return Encoding.UTF8.GetBytes(manifest.ToJsonString());
        });
        await AssertRefusedAsync(bomb, "MB free");
    }

    [Fact]
    public async Task Export_is_for_admins_and_a_non_member_does_not_see_the_project()
    {
        var stranger = await _exported.App.CreateUserAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsync($"/api/projects/{_exported.Project.ProjectId}/export", null)).StatusCode);
        var viewer = await _exported.App.CreateUserAsync();
        (await _exported.Owner.Client.PutAsJsonAsync($"/api/projects/{_exported.Project.ProjectId}/members/{viewer.UserName}", new { role = "Viewer" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.PostAsync($"/api/projects/{_exported.Project.ProjectId}/export", null)).StatusCode);
        using var anonymous = _exported.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/projects/import", ArchivedProject.ImportForm(_exported.Archive))).StatusCode);
    }

    [Fact]
    public async Task An_archive_names_members_by_user_name_and_holds_no_password_or_key_hash()
    {
        await using var scope = _exported.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
        var secrets = (await db.Users.Select(u => u.PasswordHash).ToListAsync()).Concat(await db.ApiKeys.Select(k => k.SecretHash).ToListAsync()).ToList();
        using var zip = new ZipArchive(new MemoryStream(_exported.Archive));
        var text = string.Join("\n", zip.Entries.Where(e => !e.FullName.StartsWith("files/")).Select(e => new StreamReader(e.Open()).ReadToEnd()));
        Assert.Contains("\"alice\"", text);
        Assert.Contains("\"bob\"", text);
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text));
        Assert.DoesNotContain(_exported.Owner.ApiKey, text);
    }

    /// <summary>Posts the archive, expects a 400 with the reason, and checks that no project, row or file was added.</summary>
    private async Task AssertRefusedAsync(byte[] archive, string reason)
    {
        var before = await ProjectCountAsync();
        var paths = _exported.App.Services.GetRequiredService<LodestonePaths>();
        var foldersBefore = ProjectFolders(paths);
        var stagedBefore = Directory.EnumerateFileSystemEntries(paths.Staging).Order().ToList();
        var response = await _exported.Owner.Client.PostAsync("/api/projects/import", ArchivedProject.ImportForm(archive));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, body);
        Assert.DoesNotContain("   at ", body);
        Assert.Equal(before, await ProjectCountAsync());
        Assert.Equal(foldersBefore, ProjectFolders(paths));
        Assert.Equal(stagedBefore, Directory.EnumerateFileSystemEntries(paths.Staging).Order());
    }

    private async Task<int> ProjectCountAsync()
    {
        await using var scope = _exported.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LodestoneDb>().Projects.CountAsync();
    }

    private static List<string> ProjectFolders(LodestonePaths paths) =>
        [.. Directory.EnumerateDirectories(paths.Root).SelectMany(Directory.EnumerateDirectories).Order()];

    /// <summary>A copy of the archive with entries changed (or left out, where the change gives null); the manifest as it was unless changed.</summary>
    private static byte[] Rewrite(byte[] archive, Func<string, byte[], byte[]?> change)
    {
        using var input = new ZipArchive(new MemoryStream(archive));
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                using var read = new MemoryStream();
                using (var stream = entry.Open()) stream.CopyTo(read);
                if (change(entry.FullName, read.ToArray()) is not { } bytes) continue;
                using var write = zip.CreateEntry(entry.FullName).Open();
                write.Write(bytes);
            }
        }
        return output.ToArray();
    }
}
