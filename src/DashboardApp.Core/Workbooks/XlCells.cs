using System.Globalization;
using ClosedXML.Excel;

namespace DashboardApp.Core.Workbooks;

/// <summary>Reads ClosedXML cells without ever evaluating a formula: formula cells give their cached result.</summary>
internal static class XlCells
{
    public static RawCell Raw(IXLCell cell)
    {
        if (cell.HasFormula)
        {
            var cached = cell.CachedValue;
            if (cached is null || cached is string { Length: 0 })
                return new RawCell.UncalculatedFormula(cell.FormulaA1);
            return FromObject(cached, cell.DataType);
        }
        if (cell.IsEmpty()) return new RawCell.Blank();
        return FromObject(cell.Value, cell.DataType);
    }

    private static RawCell FromObject(object value, XLDataType type) => value switch
    {
        string s when s.StartsWith('#') && s.EndsWith('!') || s is "#N/A" => new RawCell.Error(s),
        string s when s.Length == 0 => new RawCell.Blank(),
        string s => new RawCell.Text(s),
        DateTime d => new RawCell.Date(d),
        bool b => new RawCell.Boolean(b),
        TimeSpan => new RawCell.Text(value.ToString() ?? ""),
        IConvertible c when type == XLDataType.DateTime => new RawCell.Date(DateTime.FromOADate(c.ToDouble(CultureInfo.InvariantCulture))),
        IConvertible c => new RawCell.Number(c.ToDouble(CultureInfo.InvariantCulture)),
        _ => new RawCell.Text(value.ToString() ?? ""),
    };

    /// <summary>The cell's content as text, numbers in invariant form, for labels and identifiers.</summary>
    public static string Text(IXLCell cell) => Raw(cell) switch
    {
        RawCell.Text t => t.Value,
        RawCell.Number n => n.Value.ToString(CultureInfo.InvariantCulture),
        RawCell.Date d => d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        RawCell.Boolean b => b.Value ? "TRUE" : "FALSE",
        _ => "",
    };

    /// <summary>Label form: no spaces, full-width folded, trailing colon removed ("单位代码：" → "单位代码").</summary>
    public static string Label(string text) => TextForms.Label(text).TrimEnd(':');
}
