using Lodestone.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class ModelVersionTagConfiguration : IEntityTypeConfiguration<ModelVersionTag>
{
    public void Configure(EntityTypeBuilder<ModelVersionTag> tag)
    {
        tag.ToTable("ModelVersionTags");
        tag.HasKey(t => new { t.VersionId, t.Key });
        tag.Property(t => t.Key).HasMaxLength(ModelVersionTag.MaxKey);
        tag.Property(t => t.Value).HasMaxLength(ModelVersionTag.MaxValue);
        // A version's tags go with it.
        tag.HasOne<ModelVersion>().WithMany().HasForeignKey(t => t.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
