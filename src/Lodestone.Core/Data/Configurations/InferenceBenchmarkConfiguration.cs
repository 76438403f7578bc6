using Lodestone.Deployments;
using Lodestone.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class InferenceBenchmarkConfiguration : IEntityTypeConfiguration<InferenceBenchmark>
{
    public void Configure(EntityTypeBuilder<InferenceBenchmark> benchmark)
    {
        benchmark.ToTable("ModelVersionBenchmarks");
        // The latest measurement of a version replaces the one before.
        benchmark.HasKey(b => b.VersionId);
        benchmark.Property(b => b.Throughput).HasJsonConversion();
        benchmark.Property(b => b.Hardware).HasJsonConversion();
        benchmark.HasOne<ModelVersion>().WithMany().HasForeignKey(b => b.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
