using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DashboardApp.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DropUnusedRollupIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RollupValues_Period_IndicatorId",
                table: "RollupValues");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_RollupValues_Period_IndicatorId",
                table: "RollupValues",
                columns: new[] { "Period", "IndicatorId" });
        }
    }
}
