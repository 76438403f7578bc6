namespace Lodestone.Accounts;

/// <summary>
/// One key of the web server's data-protection key ring (the keys that sign cookies and antiforgery tokens), as the XML
/// ASP.NET Core writes. Kept in the metadata store, so the ring belongs to this instance and a cluster shares it.
/// </summary>
public sealed class KeyRingEntry
{
    public int Id { get; private set; }
    public string FriendlyName { get; private set; }
    public string Xml { get; private set; }

    public KeyRingEntry(string friendlyName, string xml)
    {
        FriendlyName = friendlyName;
        Xml = xml;
    }
}
