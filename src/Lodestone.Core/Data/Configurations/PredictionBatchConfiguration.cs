using Lodestone.Datasets;
using Lodestone.Models;
using Lodestone.Predictions;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class PredictionBatchConfiguration : IEntityTypeConfiguration<PredictionBatch>
{
    public void Configure(EntityTypeBuilder<PredictionBatch> batch)
    {
        batch.ToTable("PredictionBatches");
        batch.Property(b => b.ModelName).HasMaxLength(RunLineage.MaxModelName);
        batch.Property(b => b.Task).HasConversion<string>().HasMaxLength(50);
        // The state guards every transition: a cancel and a worker's progress write cannot both win.
        batch.Property(b => b.State).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
        batch.Property(b => b.LabelCounts).HasJsonConversion();
        batch.Property(b => b.Error).HasMaxLength(PredictionBatch.MaxError);
        batch.HasIndex(b => new { b.ProjectId, b.DatasetId });
        batch.HasIndex(b => b.ModelVersionId);
        batch.HasIndex(b => b.State);
        batch.HasOne<Project>().WithMany().HasForeignKey(b => b.ProjectId).OnDelete(DeleteBehavior.Cascade);
        // A batch goes with its version or its dataset; its results folder is left for the data folder's own cleanup.
        batch.HasOne<ModelVersion>().WithMany().HasForeignKey(b => b.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
        batch.HasOne<Dataset>().WithMany().HasForeignKey(b => b.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
