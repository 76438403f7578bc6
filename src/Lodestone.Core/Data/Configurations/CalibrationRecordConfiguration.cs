using Lodestone.Projects;
using Lodestone.Sensors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class CalibrationRecordConfiguration : IEntityTypeConfiguration<CalibrationRecord>
{
    public void Configure(EntityTypeBuilder<CalibrationRecord> record)
    {
        record.ToTable("CalibrationRecords");
        record.HasIndex(r => new { r.SensorId, r.Time });
        record.HasOne<Sensor>().WithMany().HasForeignKey(r => r.SensorId).OnDelete(DeleteBehavior.Cascade);
        // One cascade path is enough: deleting a project deletes its sensors, and a sensor's delete takes its records.
        record.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.NoAction);
    }
}
