using Lodestone.Models;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> version)
    {
        version.ToTable("ModelVersions");
        version.Property(v => v.ModelName).HasMaxLength(RunLineage.MaxModelName);
        version.Property(v => v.TrainerKind).HasMaxLength(100);
        version.Property(v => v.Task).HasConversion<string>().HasMaxLength(50);
        version.Property(v => v.ArtifactPath).HasMaxLength(500);
        version.Property(v => v.Datasets).HasJsonConversion();
        version.Property(v => v.Labels).HasJsonConversion();
        version.Property(v => v.Window).HasJsonConversion();
        version.Property(v => v.Metrics).HasJsonConversion();
        version.Property(v => v.VersionLabel).HasMaxLength(ModelVersion.MaxVersionLabel);
        version.Property(v => v.Notes).HasMaxLength(ModelVersion.MaxNotes);
        // Numbers are unique per model; a run produces at most one version (clones share their original's run).
        version.HasIndex(v => new { v.ModelId, v.Number }).IsUnique();
        version.HasIndex(v => new { v.ProjectId, v.ModelName });
        version.HasIndex(v => v.SourceRunId).IsUnique().HasFilter("\"ClonedFromVersionId\" IS NULL");
        version.HasIndex(v => v.ClonedFromVersionId);
        version.HasIndex(v => v.ParentVersionId);
        version.HasOne<Project>().WithMany().HasForeignKey(v => v.ProjectId).OnDelete(DeleteBehavior.Cascade);
        version.HasOne<TrainingRun>().WithMany().HasForeignKey(v => v.SourceRunId).OnDelete(DeleteBehavior.Cascade);
        // A parent stays while children point at it (checked at the end of a statement, so a project still deletes whole).
        version.HasOne<ModelVersion>().WithMany().HasForeignKey(v => v.ParentVersionId).OnDelete(DeleteBehavior.NoAction);
        version.HasOne<ModelVersion>().WithMany().HasForeignKey(v => v.ClonedFromVersionId).OnDelete(DeleteBehavior.NoAction);
        version.HasOne<Model>().WithMany().HasForeignKey(v => v.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
