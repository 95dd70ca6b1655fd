using System.Globalization;
using ClosedXML.Excel;
using DashboardApp.Core.Data;
using DashboardApp.Core.Workbooks;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Organisations;

public sealed record OrganisationRow(string Code, string Name, string? ParentCode, string Type, DateOnly? OpenedOn, DateOnly? ClosedOn, int Row);

public sealed record OrganisationImportSummary(string File, string Status, int Created, int Updated, int Unchanged, IReadOnlyList<ImportProblem> Errors);

/// <summary>
/// Reads and applies the organisations workbook of SPEC §2 (组织代码, 组织名称, 上级组织代码, 组织类型,
/// 成立日期, 撤销日期; extra columns ignored). All or nothing: any error leaves the tree unchanged.
/// </summary>
public static class OrganisationWorkbook
{
    private static readonly string[] Columns = ["组织代码", "组织名称", "上级组织代码", "组织类型", "成立日期", "撤销日期"];

    public static (List<OrganisationRow> Rows, List<ImportProblem> Errors) Read(byte[] content, string fileName)
    {
        if (WorkbookGuard.Check(content, fileName) is { } refusal) return ([], [refusal]);
        try
        {
            using var reader = XlsxReader.Open(content);
            foreach (var grid in reader.VisibleSheets())
            {
                foreach (var row in grid.RowNumbers)
                {
                    var cols = new Dictionary<string, int>();
                    foreach (var (col, _) in grid.Row(row))
                        if (Columns.Contains(grid.Label(row, col))) cols.TryAdd(grid.Label(row, col), col);
                    if (!cols.ContainsKey("组织代码") || !cols.ContainsKey("组织名称")) continue;
                    return ReadRows(grid, row, cols);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ([], [XlsxReader.Unreadable()]);
        }
        return ([], [ImportProblem.File("NO_TABLE", "未找到含“组织代码”“组织名称”列的表头")]);
    }

    private static (List<OrganisationRow>, List<ImportProblem>) ReadRows(SheetGrid grid, int headerRow, Dictionary<string, int> cols)
    {
        var rows = new List<OrganisationRow>();
        var errors = new List<ImportProblem>();
        string Get(int row, string column) => cols.TryGetValue(column, out var c) ? grid.Text(row, c) : "";
        DateOnly? Date(int row, string column)
        {
            if (!cols.TryGetValue(column, out var c)) return null;
            switch (grid.Raw(row, c))
            {
                case RawCell.Blank: return null;
                case RawCell.Date d: return DateOnly.FromDateTime(d.Value);
                case RawCell.Text t when TryDate(t.Value, out var parsed): return parsed;
                default:
                    errors.Add(new ImportProblem(grid.Name, SheetGrid.Address(row, c), "BAD_DATE", $"无法识别的{column}“{grid.Text(row, c)}”，请填写如 2024-03-01"));
                    return null;
            }
        }
        foreach (var row in grid.RowNumbers.Where(r => r > headerRow))
        {
            var code = Get(row, "组织代码");
            var name = Get(row, "组织名称");
            if (code.Length == 0 && name.Length == 0) continue;
            if (code.Length == 0 || name.Length == 0)
            {
                errors.Add(new ImportProblem(grid.Name, SheetGrid.Address(row, cols[code.Length == 0 ? "组织代码" : "组织名称"]),
                    "MISSING_FIELD", code.Length == 0 ? "缺少组织代码" : "缺少组织名称"));
                continue;
            }
            var parent = Get(row, "上级组织代码");
            rows.Add(new OrganisationRow(code, name, parent.Length == 0 ? null : parent, Get(row, "组织类型"), Date(row, "成立日期"), Date(row, "撤销日期"), row));
        }
        foreach (var dup in rows.GroupBy(r => r.Code, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add(new ImportProblem(grid.Name, SheetGrid.Address(dup.Last().Row, cols["组织代码"]), "DUPLICATE_CODE",
                $"组织代码“{dup.Key}”重复出现（第 {string.Join("、", dup.Select(d => d.Row))} 行）"));
        return (rows, errors);
    }

    private static bool TryDate(string text, out DateOnly date)
    {
        var t = text.Trim().Replace('年', '-').Replace('月', '-').Replace("日", "").Replace('/', '-').Replace('.', '-');
        return DateOnly.TryParseExact(t, ["yyyy-M-d", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static async Task<OrganisationImportSummary> ImportAsync(DashboardDbContext db, byte[] content, string fileName, CancellationToken ct = default)
    {
        var (rows, errors) = Read(content, fileName);
        var existing = await db.Organisations.ToDictionaryAsync(o => o.Code, StringComparer.OrdinalIgnoreCase, ct);
        var codesInFile = rows.Select(r => r.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var r in rows.Where(r => r.ParentCode is { } p && !codesInFile.Contains(p) && !existing.ContainsKey(p)))
            errors.Add(new ImportProblem("", $"第 {r.Row} 行", "UNKNOWN_PARENT", $"“{r.Name}”的上级组织代码“{r.ParentCode}”不存在"));
        if (errors.Count == 0 && FindCycle(rows, existing) is { } cycle)
            errors.Add(ImportProblem.File("CYCLE", $"上级关系出现循环：{cycle}"));
        if (errors.Count > 0 || rows.Count == 0)
        {
            if (rows.Count == 0 && errors.Count == 0) errors.Add(ImportProblem.File("NO_ROWS", "表中没有组织数据"));
            return new OrganisationImportSummary(fileName, "refused", 0, 0, 0, errors);
        }

        int created = 0, updated = 0, unchanged = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var r in rows)
        {
            if (!existing.TryGetValue(r.Code, out var org))
            {
                org = new Organisation { Code = r.Code, Name = r.Name };
                db.Organisations.Add(org);
                existing[r.Code] = org;
                created++;
            }
            // Every organisation is tracked by this context, so Parent is already fixed up.
            else if (org.Name == r.Name && org.Type == r.Type && org.OpenedOn == r.OpenedOn && org.ClosedOn == r.ClosedOn
                     && string.Equals(org.Parent?.Code, r.ParentCode, StringComparison.OrdinalIgnoreCase))
            {
                unchanged++;
                continue;
            }
            else updated++;
            org.Name = r.Name;
            org.Type = r.Type;
            org.OpenedOn = r.OpenedOn;
            org.ClosedOn = r.ClosedOn;
        }
        foreach (var r in rows)
            existing[r.Code].Parent = r.ParentCode is { } p ? existing[p] : null;
        foreach (var org in existing.Values) org.Level = Depth(org);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new OrganisationImportSummary(fileName, "accepted", created, updated, unchanged, []);
    }

    private static int Depth(Organisation org)
    {
        var depth = 0;
        for (var p = org.Parent; p is not null && depth < 1000; p = p.Parent) depth++;
        return depth;
    }

    private static string? FindCycle(List<OrganisationRow> rows, Dictionary<string, Organisation> existing)
    {
        var parentOf = existing.Values.ToDictionary(o => o.Code, o => o.Parent?.Code, StringComparer.OrdinalIgnoreCase);
        foreach (var r in rows) parentOf[r.Code] = r.ParentCode;
        foreach (var start in rows)
        {
            var seen = new List<string> { start.Code };
            for (var p = parentOf.GetValueOrDefault(start.Code); p is not null; p = parentOf.GetValueOrDefault(p))
            {
                if (seen.Contains(p, StringComparer.OrdinalIgnoreCase)) return string.Join(" → ", seen.Append(p));
                seen.Add(p);
            }
        }
        return null;
    }
}
