using DashboardApp.Core.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace DashboardApp.Tests.Support;

/// <summary>
/// A fresh PostgreSQL database per test, on the server named by DASHBOARD_TEST_POSTGRES (which
/// scripts/test.sh starts). Without it the PostgreSQL tests fail and say how to start one.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "DASHBOARD_TEST_POSTGRES";

    public static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs
        : throw new InvalidOperationException(
            $"PostgreSQL 测试需要一台 PostgreSQL 服务器：运行 eval \"$(bash scripts/start-postgres)\"（它在 127.0.0.1:54329 启动一台临时服务器并设置 {Variable}），" +
            $"或把 {Variable} 设为某台服务器的连接字符串（需可建库的账号），再运行 dotnet test。bash scripts/test.sh 会自动完成这些。");

    /// <summary>
    /// One app instance on <paramref name="database"/>, as in a cluster: checking in to Quartz every
    /// second, so a dead instance's work is taken over within seconds.
    /// </summary>
    public static WebApplicationFactory<Program> Instance(DatabaseSettings database) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("postgres", database.ConnectionString);
        b.UseSetting("Dashboard:Rollup:ClusterCheckin", "00:00:01");
    });

    public static async Task<DatabaseSettings> CreateAsync()
    {
        var name = $"dashboard_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(Server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new DatabaseSettings(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(Server) { Database = name }.ToString());
    }

    public static async Task DropAsync(DatabaseSettings database)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
