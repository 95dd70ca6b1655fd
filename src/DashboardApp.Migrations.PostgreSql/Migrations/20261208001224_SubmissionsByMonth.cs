using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DashboardApp.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class SubmissionsByMonth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Submissions_Period_OrganisationId_AcceptedAtUtc",
                table: "Submissions",
                columns: new[] { "Period", "OrganisationId", "AcceptedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Submissions_Period_OrganisationId_AcceptedAtUtc",
                table: "Submissions");
        }
    }
}
