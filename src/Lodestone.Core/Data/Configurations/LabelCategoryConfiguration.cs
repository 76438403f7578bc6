using Lodestone.Labels;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class LabelCategoryConfiguration : IEntityTypeConfiguration<LabelCategory>
{
    public void Configure(EntityTypeBuilder<LabelCategory> category)
    {
        category.ToTable("LabelCategories");
        category.Property(c => c.Name).HasMaxLength(LabelCategory.MaxName);
        category.Property(c => c.Color).HasMaxLength(7);
        category.Property(c => c.ShortcutKey).HasMaxLength(1);
        category.HasIndex(c => new { c.ProjectId, c.Name }).IsUnique();
        category.HasIndex(c => new { c.ProjectId, c.ShortcutKey }).IsUnique().HasFilter("\"ShortcutKey\" IS NOT NULL");
        category.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
        // A parent stays while children point at it (the catalogue refuses to delete one; a project still deletes whole).
        category.HasOne<LabelCategory>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.NoAction);
    }
}
