namespace Lodestone.Archives;

/// <summary>An archive that is damaged, foreign or too new; nothing of it was imported. The message says which and why.</summary>
public sealed class ArchiveRefusedException(string message) : InvalidInputException(message);
