using Lodestone.Deployments;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> deployment)
    {
        deployment.ToTable("Deployments");
        deployment.Property(d => d.Name).HasMaxLength(Deployment.MaxName);
        deployment.Property(d => d.ModelName).HasMaxLength(Models.RunLineage.MaxModelName);
        deployment.Property(d => d.Alias).HasMaxLength(Models.ModelAlias.MaxName);
        deployment.Property(d => d.SensorKind).HasMaxLength(200);
        deployment.Property(d => d.Sensor).HasMaxLength(200);
        deployment.Property(d => d.CreatedBy).HasMaxLength(200);
        deployment.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
        // A name serves once at a time; undeployed rows keep theirs as history.
        deployment.HasIndex(d => new { d.ProjectId, d.Name }).IsUnique().HasFilter("\"UndeployedAt\" IS NULL");
        deployment.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
