using Lodestone.Datasets;
using Lodestone.Labels;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class AnnotationConfiguration : IEntityTypeConfiguration<Annotation>
{
    public void Configure(EntityTypeBuilder<Annotation> annotation)
    {
        annotation.ToTable("Annotations");
        annotation.Property(a => a.Channels).HasJsonConversion();
        annotation.Property(a => a.Labels).HasJsonConversion();
        annotation.Property(a => a.Sensor).HasMaxLength(200);
        annotation.Property(a => a.Source).HasConversion<string>().HasMaxLength(20);
        // A chart reads the annotations of the range it shows.
        annotation.HasIndex(a => new { a.DatasetId, a.Start });
        annotation.HasIndex(a => a.ProjectId);
        annotation.HasOne<Project>().WithMany().HasForeignKey(a => a.ProjectId).OnDelete(DeleteBehavior.Cascade);
        annotation.HasOne<Dataset>().WithMany().HasForeignKey(a => a.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
