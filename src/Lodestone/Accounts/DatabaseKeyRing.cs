using System.Xml.Linq;
using Lodestone.Data;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Accounts;

/// <summary>
/// The data-protection key ring in the metadata store (<see cref="KeyRingEntry"/>): in the data folder's SQLite file by
/// default, in PostgreSQL for a cluster, so that every server of a cluster reads the cookies of the others and no
/// instance trusts another's. ASP.NET Core's default, the OS user's home, is shared by every instance that user starts.
/// </summary>
internal sealed class DatabaseKeyRing(IServiceProvider services) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<LodestoneDb>().KeyRing.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => e.Xml).ToList().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
        db.KeyRing.Add(new KeyRingEntry(friendlyName, element.ToString(SaveOptions.DisableFormatting)));
        db.SaveChanges();
    }
}
