using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DashboardApp.Migrations.PostgreSql.Migrations
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
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DerivedIndicators",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Numerator = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Denominator = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Display = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Decimals = table.Column<int>(type: "integer", nullable: false),
                    Unit = table.Column<string>(type: "text", nullable: false),
                    Category = table.Column<string>(type: "text", nullable: false),
                    Phrase = table.Column<string>(type: "text", nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DerivedIndicators", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReviewMarks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OrganisationId = table.Column<int>(type: "integer", nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    IndicatorId = table.Column<int>(type: "integer", nullable: true),
                    Cell = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    MarkedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    MarkedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
