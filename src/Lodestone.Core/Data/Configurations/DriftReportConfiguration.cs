using Lodestone.Drift;
using Lodestone.Models;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class DriftReportConfiguration : IEntityTypeConfiguration<DriftReport>
{
    public void Configure(EntityTypeBuilder<DriftReport> report)
    {
        report.ToTable("DriftReports");
        report.Property(r => r.ModelName).HasMaxLength(RunLineage.MaxModelName);
        report.Property(r => r.Source).HasConversion<string>().HasMaxLength(30);
        report.Property(r => r.SensorId).HasMaxLength(200);
        report.Property(r => r.Columns).HasJsonConversion();
        report.HasIndex(r => new { r.ProjectId, r.CreatedAt });
        report.HasIndex(r => r.ModelVersionId);
        report.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
        // A version's reports go with it.
        report.HasOne<ModelVersion>().WithMany().HasForeignKey(r => r.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
