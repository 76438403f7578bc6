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
        // No cascade from the project too: the sensor's cascade already removes these, and SQL Server-style multiple
        // cascade paths are refused by some providers.
        record.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.NoAction);
    }
}
