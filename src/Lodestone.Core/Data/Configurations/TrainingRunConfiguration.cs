using Lodestone.Accounts;
using Lodestone.Models;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class TrainingRunConfiguration : IEntityTypeConfiguration<TrainingRun>
{
    public void Configure(EntityTypeBuilder<TrainingRun> run)
    {
        run.ToTable("TrainingRuns");
        run.Property(r => r.Name).HasMaxLength(250);
        run.Property(r => r.TrainerKind).HasMaxLength(100);
        run.Property(r => r.Queue).HasMaxLength(50);
        run.Property(r => r.Worker).HasMaxLength(250);
        run.Property(r => r.FailureReason).HasMaxLength(4000);
        run.Property(r => r.MonitorMetric).HasMaxLength(MetricValue.MaxKeyLength);
        run.Property(r => r.MonitorGoal).HasConversion<string>().HasMaxLength(20);
        // The state is the concurrency token: two processes racing to move a run (a worker claiming it, a person
        // cancelling it) cannot both win; the loser gets DbUpdateConcurrencyException and looks again.
        run.Property(r => r.State).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
        run.Property(r => r.DatasetIds).HasJsonConversion();
        run.Property(r => r.Hardware).HasJsonConversion();
        run.Ignore(r => r.Params);
        run.Ignore(r => r.Tags);
        // Rows of their own, as in MLflow's store, so that concurrent writers of different keys never overwrite each
        // other (as JSON in the run's row, 20 writers of 10 tags each kept 146 of 200). Loaded with every run.
        run.HasMany(r => r.ParamRows).WithOne().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
        run.Navigation(r => r.ParamRows).HasField("_params").AutoInclude();
        run.HasMany(r => r.TagRows).WithOne().HasForeignKey(t => t.RunId).OnDelete(DeleteBehavior.Cascade);
        run.Navigation(r => r.TagRows).HasField("_tags").AutoInclude();
        run.Property(r => r.FinalMetrics).HasJsonConversion();
        run.HasIndex(r => new { r.ProjectId, r.State });
        run.HasIndex(r => new { r.ProjectId, r.CreatedAt });
        run.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
        run.HasOne<User>().WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Restrict);
        // Like a parent version with child versions, a version stays while runs continue from it: a queued run never
        // silently loses its starting point. Checked at the end of a statement, so a project still deletes whole.
        run.HasOne<ModelVersion>().WithMany().HasForeignKey(r => r.ParentModelVersionId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class RunParamConfiguration : IEntityTypeConfiguration<RunParam>
{
    public void Configure(EntityTypeBuilder<RunParam> param)
    {
        param.ToTable("RunParams");
        // The primary key keeps a param write-once: a second insert of the key conflicts (RunRecordStore).
        param.HasKey(p => new { p.RunId, p.Key });
        param.Property(p => p.Key).HasMaxLength(MetricValue.MaxKeyLength);
        param.Property(p => p.Value).HasMaxLength(RunParam.MaxValueLength);
    }
}

internal sealed class RunTagConfiguration : IEntityTypeConfiguration<RunTag>
{
    public void Configure(EntityTypeBuilder<RunTag> tag)
    {
        tag.ToTable("RunTags");
        tag.HasKey(t => new { t.RunId, t.Key });
        tag.Property(t => t.Key).HasMaxLength(MetricValue.MaxKeyLength);
        tag.Property(t => t.Value).HasMaxLength(RunTag.MaxValueLength);
    }
}

internal sealed class ExperimentTagConfiguration : IEntityTypeConfiguration<ExperimentTag>
{
    public void Configure(EntityTypeBuilder<ExperimentTag> tag)
    {
        tag.ToTable("ExperimentTags");
        tag.HasKey(t => new { t.ProjectId, t.Key });
        tag.Property(t => t.Key).HasMaxLength(MetricValue.MaxKeyLength);
        tag.Property(t => t.Value).HasMaxLength(ExperimentTag.MaxValueLength);
        tag.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MetricConfiguration : IEntityTypeConfiguration<Metric>
{
    public void Configure(EntityTypeBuilder<Metric> metric)
    {
        metric.ToTable("Metrics");
        metric.HasKey(m => new { m.RunId, m.Key, m.Step });
        metric.Property(m => m.Key).HasMaxLength(MetricValue.MaxKeyLength);
        metric.Ignore(m => m.Value);
        metric.Property(m => m.StoredValue).HasColumnName("Value");
        metric.HasOne<TrainingRun>().WithMany().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LatestMetricConfiguration : IEntityTypeConfiguration<LatestMetric>
{
    public void Configure(EntityTypeBuilder<LatestMetric> metric)
    {
        metric.ToTable("LatestMetrics");
        metric.HasKey(m => new { m.RunId, m.Key });
        metric.Property(m => m.Key).HasMaxLength(MetricValue.MaxKeyLength);
        metric.Ignore(m => m.Value);
        metric.Property(m => m.StoredValue).HasColumnName("Value");
        metric.HasIndex(m => new { m.Key, m.StoredValue });
        metric.HasOne<TrainingRun>().WithMany().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RunLogLineConfiguration : IEntityTypeConfiguration<RunLogLine>
{
    public void Configure(EntityTypeBuilder<RunLogLine> line)
    {
        line.ToTable("RunLogs");
        line.Property(l => l.Level).HasConversion<string>().HasMaxLength(20);
        line.Property(l => l.Message).HasMaxLength(RunLogLine.MaxLength);
        line.HasIndex(l => new { l.RunId, l.Id });
        line.HasOne<TrainingRun>().WithMany().HasForeignKey(l => l.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
