using Lodestone.Models;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> model)
    {
        model.ToTable("Models");
        model.Property(m => m.Name).HasMaxLength(Model.MaxName);
        model.Property(m => m.Task).HasConversion<string>().HasMaxLength(50);
        model.Property(m => m.Category).HasMaxLength(Model.MaxShortText);
        model.Property(m => m.Author).HasMaxLength(Model.MaxShortText);
        model.Property(m => m.Description).HasMaxLength(Model.MaxDescription);
        model.Property(m => m.Tags).HasJsonConversion();
        model.Property(m => m.Metadata).HasJsonConversion();
        model.HasIndex(m => new { m.ProjectId, m.Name }).IsUnique();
        model.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
