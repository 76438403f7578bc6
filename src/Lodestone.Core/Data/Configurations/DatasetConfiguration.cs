using Lodestone.Datasets;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> dataset)
    {
        dataset.Property(d => d.Name).HasMaxLength(200);
        dataset.Property(d => d.Description).HasMaxLength(2000);
        dataset.Property(d => d.Source).HasMaxLength(500);
        dataset.Property(d => d.Channels).HasJsonConversion();
        dataset.Property(d => d.SensorIds).HasJsonConversion();
        dataset.HasIndex(d => new { d.ProjectId, d.CreatedAt });
        dataset.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
