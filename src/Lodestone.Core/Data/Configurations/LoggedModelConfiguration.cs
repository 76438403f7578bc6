using Lodestone.Models;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class LoggedModelConfiguration : IEntityTypeConfiguration<LoggedModel>
{
    public void Configure(EntityTypeBuilder<LoggedModel> model)
    {
        model.ToTable("LoggedModels");
        model.HasKey(m => m.Id);
        model.Property(m => m.Id).HasMaxLength(40);
        model.Property(m => m.Name).HasMaxLength(LoggedModel.MaxName);
        model.Property(m => m.ModelType).HasMaxLength(LoggedModel.MaxType);
        model.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        model.Property(m => m.Params).HasJsonConversion();
        model.Property(m => m.Tags).HasJsonConversion();
        model.Ignore(m => m.ArtifactPath);
        model.HasIndex(m => new { m.ProjectId, m.CreatedAt });
        model.HasIndex(m => m.SourceRunId);
        model.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
        // Its files are the run's: it goes when the run goes.
        model.HasOne<TrainingRun>().WithMany().HasForeignKey(m => m.SourceRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
