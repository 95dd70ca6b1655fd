using System.Globalization;
using DashboardApp.Core.Data;
using DashboardApp.Core.Workbooks;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Organisations;

/// <param name="Contact">联系人, 联系电话, 电子邮箱 as given; only the fields named in <paramref name="Given"/> are written.</param>
public sealed record OrganisationRow(string Code, string Name, string? ParentCode, string Type, DateOnly? OpenedOn, DateOnly? ClosedOn, int Row,
    OrganisationContact? Contact = null, ContactFields Given = ContactFields.None);

/// <summary>Which contact columns a workbook has: a column left out keeps what is stored; a blank cell in a present column clears it.</summary>
[Flags]
public enum ContactFields { None = 0, Name = 1, Phone = 2, Email = 4, All = Name | Phone | Email }

public sealed record OrganisationImportSummary(string File, string Status, int Created, int Updated, int Unchanged,
    IReadOnlyList<ImportProblem> Errors)
{
    /// <summary>Of those updated, how many moved, opened or closed (the rest changed a name, type or contact only).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Moved { get; init; }
}

/// <summary>
/// Reads and applies the organisations workbook of docs/product.md, “Organisations” (组织代码, 组织名称, 上级组织代码, 组织类型,
/// 成立日期, 撤销日期, and optionally 联系人, 联系电话, 电子邮箱; extra columns ignored). All or nothing: any error leaves the tree unchanged.
/// </summary>
public static class OrganisationWorkbook
{
    private static readonly string[] Columns = ["组织代码", "组织名称", "上级组织代码", "组织类型", "成立日期", "撤销日期", "联系人", "联系电话", "电子邮箱"];

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
        var given = (cols.ContainsKey("联系人") ? ContactFields.Name : 0) | (cols.ContainsKey("联系电话") ? ContactFields.Phone : 0)
                    | (cols.ContainsKey("电子邮箱") ? ContactFields.Email : 0);
        DateOnly? Date(int row, string column)
        {
            if (!cols.TryGetValue(column, out var c)) return null;
            switch (grid.Raw(row, c))
            {
                case RawCell.Blank: return null;
                case RawCell.Date d: return DateOnly.FromDateTime(d.Value);
                case RawCell.Text t when TryDate(t.Value, out var parsed): return parsed;
                default:
                    errors.Add(new ImportProblem(grid.Name, SheetGrid.Address(row, c), "BAD_DATE",
                        $"无法识别的{column}“{grid.Text(row, c)}”，请填写如 2024-03-01"));
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
            var contact = new OrganisationContact(Get(row, "联系人"), Get(row, "联系电话"), Get(row, "电子邮箱")).Normalised();
            foreach (var (field, message) in contact.Problems())
                errors.Add(new ImportProblem(grid.Name, SheetGrid.Address(row, cols[field]), "BAD_CONTACT", message));
            rows.Add(new OrganisationRow(code, name, parent.Length == 0 ? null : parent, Get(row, "组织类型"), Date(row, "成立日期"), Date(row, "撤销日期"),
                row, contact, given));
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

    public static async Task<OrganisationImportSummary> ImportAsync(DashboardDbContext db, byte[] content, string fileName,
        CancellationToken ct = default)
    {
        var (rows, errors) = Read(content, fileName);
        return await ApplyAsync(db, rows, errors, fileName, ct);
    }

    /// <summary>What is wrong with one organisation's own fields, whatever the rest of the tree.</summary>
    public static IEnumerable<string> FieldProblems(OrganisationRow r)
    {
        if (r.Code.Length > 64 || r.Code.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) yield return $"组织代码“{r.Code}”须为不超过 64 个字符且不含空格";
        if (r.Name.Length > 200) yield return "组织名称不能超过 200 个字符";
        if (r.Type.Length > 50) yield return "组织类型不能超过 50 个字符";
        if (r.OpenedOn is { } opened && r.ClosedOn is { } closed && closed < opened) yield return $"“{r.Name}”的撤销日期早于成立日期";
        if (string.Equals(r.Code, r.ParentCode, StringComparison.OrdinalIgnoreCase)) yield return $"“{r.Name}”不能是自己的上级组织";
        if (r.Row == 0 && r.Contact is { } contact)
            foreach (var (_, message) in contact.Problems()) yield return message;
    }

    /// <summary>
    /// Adds or updates the given organisations (those not listed stay as they are), all or nothing:
    /// unknown parents, cycles, and children under a unit that already has submissions are refused.
    /// </summary>
    public static async Task<OrganisationImportSummary> ApplyAsync(DashboardDbContext db, List<OrganisationRow> rows, List<ImportProblem> errors,
        string source, CancellationToken ct = default)
    {
        string Where(OrganisationRow r) => r.Row > 0 ? $"第 {r.Row} 行" : "";
        foreach (var r in rows)
            errors.AddRange(FieldProblems(r).Select(m => new ImportProblem("", Where(r), "BAD_FIELD", m)));
        var existing = await db.Organisations.ToDictionaryAsync(o => o.Code, StringComparer.OrdinalIgnoreCase, ct);
        var codesInFile = rows.Select(r => r.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var r in rows.Where(r => r.ParentCode is { } p && !codesInFile.Contains(p) && !existing.ContainsKey(p)))
            errors.Add(new ImportProblem("", Where(r), "UNKNOWN_PARENT", $"“{r.Name}”的上级组织代码“{r.ParentCode}”不存在"));
        if (errors.Count == 0 && FindCycle(rows, existing) is { } cycle)
            errors.Add(ImportProblem.File("CYCLE", $"上级关系出现循环：{cycle}"));
        // A unit's own figures are counted only while it has no children: one that has reported cannot become a parent.
        var parents = existing.Values.Where(o => o.ParentId is not null).Select(o => o.ParentId!.Value).ToHashSet();
        var newParents = rows.Where(r => r.ParentCode is not null).Select(r => r.ParentCode!).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(p => existing.TryGetValue(p, out var o) && !parents.Contains(o.Id)).Select(p => existing[p]).ToList();
        var newParentIds = newParents.Select(p => p.Id).ToList();
        var reported = await db.Submissions.Where(s => newParentIds.Contains(s.OrganisationId)).Select(s => s.OrganisationId).Distinct().ToListAsync(ct);
        foreach (var p in newParents.Where(p => reported.Contains(p.Id)))
            errors.Add(ImportProblem.File("PARENT_HAS_DATA", $"“{p.Name}”（{p.Code}）是已有报送数据的基层党组织，不能在其下增加下级组织"));
        if (errors.Count > 0 || rows.Count == 0)
        {
            if (rows.Count == 0 && errors.Count == 0) errors.Add(ImportProblem.File("NO_ROWS", "表中没有组织数据"));
            return new OrganisationImportSummary(source, Submissions.ImportStatus.Refused, 0, 0, 0, errors);
        }

        int created = 0, updated = 0, unchanged = 0, moved = 0;
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
                     && string.Equals(org.Parent?.Code, r.ParentCode, StringComparison.OrdinalIgnoreCase) && org.Contact == Merge(org.Contact, r))
            {
                unchanged++;
                continue;
            }
            else
            {
                updated++;
                if (!string.Equals(org.Parent?.Code, r.ParentCode, StringComparison.OrdinalIgnoreCase) || org.OpenedOn != r.OpenedOn
                    || org.ClosedOn != r.ClosedOn) moved++;
            }
            org.Name = r.Name;
            org.Type = r.Type;
            org.OpenedOn = r.OpenedOn;
            org.ClosedOn = r.ClosedOn;
            var contact = Merge(org.Contact, r);
            (org.ContactName, org.ContactPhone, org.Email) = (contact.Name, contact.Phone, contact.Email);
        }
        foreach (var r in rows)
            existing[r.Code].Parent = r.ParentCode is { } p ? existing[p] : null;
        foreach (var org in existing.Values) org.Level = Depth(org);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new OrganisationImportSummary(source, Submissions.ImportStatus.Accepted, created, updated, unchanged, []) { Moved = moved };
    }

    /// <summary>The contact after a row: the fields the row gives, the stored ones for the rest.</summary>
    private static OrganisationContact Merge(OrganisationContact stored, OrganisationRow r)
    {
        var given = r.Contact ?? OrganisationContact.None;
        return new OrganisationContact(r.Given.HasFlag(ContactFields.Name) ? given.Name : stored.Name,
            r.Given.HasFlag(ContactFields.Phone) ? given.Phone : stored.Phone, r.Given.HasFlag(ContactFields.Email) ? given.Email : stored.Email);
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
