using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DashboardApp.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CatalogueRatesAndReviewMarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Phrase",
                table: "Indicators",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DerivedIndicators",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Numerator = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Denominator = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Display = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Decimals = table.Column<int>(type: "INTEGER", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", nullable: false),
                    Phrase = table.Column<string>(type: "TEXT", nullable: true),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DerivedIndicators", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReviewMarks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    IndicatorId = table.Column<int>(type: "INTEGER", nullable: true),
                    Cell = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    MarkedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MarkedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewMarks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewMarks_Indicators_IndicatorId",
                        column: x => x.IndicatorId,
                        principalTable: "Indicators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReviewMarks_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DerivedIndicators_Code",
                table: "DerivedIndicators",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewMarks_IndicatorId",
                table: "ReviewMarks",
                column: "IndicatorId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewMarks_OrganisationId",
                table: "ReviewMarks",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewMarks_Period_OrganisationId",
                table: "ReviewMarks",
                columns: new[] { "Period", "OrganisationId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DerivedIndicators");

            migrationBuilder.DropTable(
                name: "ReviewMarks");

            migrationBuilder.DropColumn(
                name: "Phrase",
                table: "Indicators");
        }
    }
}
