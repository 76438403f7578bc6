using Lodestone.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestone.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.Property(u => u.UserName).HasMaxLength(100);
        user.Property(u => u.DisplayName).HasMaxLength(200);
        // Rows from before stamps get an empty one; the next sign-in gives them a random one.
        user.Property(u => u.SecurityStamp).HasMaxLength(64).HasDefaultValue("");
        user.HasIndex(u => u.UserName).IsUnique();
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.Property(k => k.Name).HasMaxLength(100);
        key.Property(k => k.Prefix).HasMaxLength(8);
        key.Property(k => k.SecretHash).HasMaxLength(64);
        key.HasIndex(k => k.Prefix).IsUnique();
        key.HasOne<User>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
