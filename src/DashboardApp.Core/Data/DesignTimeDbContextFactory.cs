using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DashboardApp.Core.Data;

/// <summary>Used only by `dotnet ef migrations add`.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite("Data Source=design.db").Options);
}
