namespace Lodestone.Archives;

/// <summary>The project an import made: its new id and name, and how many rows of each type and files it received.</summary>
/// <param name="Ids">Each archived id and the id it became (users: the user of that name here, or the importer).</param>
public sealed record ImportedProject(Guid Id, string Name, Guid SourceProjectId, IReadOnlyDictionary<string, long> Rows, int Files, long FileBytes,
    IReadOnlyDictionary<Guid, Guid> Ids);
