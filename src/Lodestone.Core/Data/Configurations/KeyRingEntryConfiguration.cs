using Lodestone.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class KeyRingEntryConfiguration : IEntityTypeConfiguration<KeyRingEntry>
{
    public void Configure(EntityTypeBuilder<KeyRingEntry> entry)
    {
        entry.ToTable("KeyRing");
        entry.Property(e => e.FriendlyName).HasMaxLength(200);
    }
}
