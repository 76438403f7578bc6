using Lodestone.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class ModelAliasConfiguration : IEntityTypeConfiguration<ModelAlias>
{
    public void Configure(EntityTypeBuilder<ModelAlias> alias)
    {
        alias.ToTable("ModelAliases");
        alias.HasKey(a => new { a.ModelId, a.Name });
        alias.Property(a => a.Name).HasMaxLength(ModelAlias.MaxName);
        alias.HasIndex(a => a.VersionId);
        alias.HasOne<Model>().WithMany().HasForeignKey(a => a.ModelId).OnDelete(DeleteBehavior.Cascade);
        // An alias of a version that goes goes with it.
        alias.HasOne<ModelVersion>().WithMany().HasForeignKey(a => a.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
