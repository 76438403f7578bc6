using Lodestone.Datasets;
using Lodestone.Labels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class AnnotationChangeConfiguration : IEntityTypeConfiguration<AnnotationChange>
{
    public void Configure(EntityTypeBuilder<AnnotationChange> change)
    {
        change.ToTable("AnnotationChanges");
        change.Property(c => c.Before!).HasJsonConversion();
        change.Property(c => c.After!).HasJsonConversion();
        change.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        // Undo and redo read one person's history of one dataset.
        change.HasIndex(c => new { c.DatasetId, c.UserId, c.State });
        change.HasOne<Dataset>().WithMany().HasForeignKey(c => c.DatasetId).OnDelete(DeleteBehavior.Cascade);
        change.HasOne<Annotation>().WithMany().HasForeignKey(c => c.AnnotationId).OnDelete(DeleteBehavior.Cascade);
    }
}
