using System.Data.Common;
using System.Globalization;

namespace DashboardApp.Core.Data.Sql;

/// <summary>Parameters and columns of the hand-written statements (<see cref="SqlDialect"/>) as each provider maps them.</summary>
internal static class DbCommands
{
    /// <summary>A parameter typed by its value, as each provider maps it (a UTC time to timestamptz on PostgreSQL, to EF's text on SQLite;
    /// a DateOnly to date, or to EF's text).</summary>
    public static void Add(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>An integer column, whatever width the engine gave it (a count is bigint on PostgreSQL, an integer on SQLite).</summary>
    public static int Int(this DbDataReader reader, int column) => Convert.ToInt32(reader.GetValue(column), CultureInfo.InvariantCulture);

    /// <summary>A 64-bit integer column, whatever type the engine gave a sum of them (numeric on PostgreSQL).</summary>
    public static long Long(this DbDataReader reader, int column) => Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture);
}
