using Lodestone.Projects;
using Lodestone.Sensors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class SensorConfiguration : IEntityTypeConfiguration<Sensor>
{
    public void Configure(EntityTypeBuilder<Sensor> sensor)
    {
        sensor.Property(s => s.Name).HasMaxLength(100);
        sensor.Property(s => s.Unit).HasMaxLength(20);
        sensor.Property(s => s.Location).HasMaxLength(200);
        sensor.HasIndex(s => new { s.ProjectId, s.Name }).IsUnique();
        sensor.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
