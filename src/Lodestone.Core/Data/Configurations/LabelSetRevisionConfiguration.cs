using Lodestone.Labels;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class LabelSetRevisionConfiguration : IEntityTypeConfiguration<LabelSetRevision>
{
    public void Configure(EntityTypeBuilder<LabelSetRevision> revision)
    {
        revision.ToTable("LabelSetRevisions");
        // The key makes one of two concurrent writers of the same number lose.
        revision.HasKey(r => new { r.ProjectId, r.Number });
        revision.Property(r => r.Categories).HasJsonConversion();
        revision.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
