using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DashboardApp.Migrations.Sqlite;

/// <summary>
/// Used only by <c>dotnet ef migrations add NAME --project src/DashboardApp.Migrations.Sqlite
/// --startup-project src/DashboardApp.Migrations.Sqlite</c>.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<DashboardDbContext>)DashboardDatabase.Configure(new DbContextOptionsBuilder<DashboardDbContext>(),
            DatabaseSettings.Sqlite("design.db")).Options);
}
