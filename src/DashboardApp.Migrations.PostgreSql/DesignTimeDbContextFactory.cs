using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DashboardApp.Migrations.PostgreSql;

/// <summary>
/// Used only by <c>dotnet ef migrations add NAME --project src/DashboardApp.Migrations.PostgreSql
/// --startup-project src/DashboardApp.Migrations.PostgreSql</c>; no server is contacted.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<DashboardDbContext>)DashboardDatabase.Configure(new DbContextOptionsBuilder<DashboardDbContext>(),
            new DatabaseSettings(DatabaseProvider.PostgreSql, "Host=localhost;Database=design")).Options);
}
