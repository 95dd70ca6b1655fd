using ClosedXML.Excel;
using DashboardApp.Core.Organisations;

namespace DashboardApp.Tests.Support;

/// <summary>
/// A small tree of uneven depth: 市 C → 区 D1 → 街道 D1-S1 → units U1, U2 (and U-NEW opened in 2025-06);
/// C → 区 D2 → unit D2-U3 directly (one level less).
/// </summary>
public static class TestTree
{
    public static readonly (string Code, string Name, string? Parent, string Type, DateOnly? Opened, DateOnly? Closed)[] Rows =
    [
        ("C", "测试市委", null, "市委", null, null),
        ("D1", "一区区委", "C", "区委", null, null),
        ("D1-S1", "一区甲街道党工委", "D1", "党工委", null, null),
        ("D1-S1-U1", "甲街道幸福社区党委", "D1-S1", "党委", null, null),
        ("D1-S1-U2", "甲街道光明村党支部", "D1-S1", "党支部", null, null),
        ("D1-S1-U9", "甲街道新成立党支部", "D1-S1", "党支部", new DateOnly(2025, 6, 1), null),
        ("D2", "二区区委", "C", "区委", null, null),
        ("D2-U3", "二区机关党支部", "D2", "党支部", null, null),
    ];

    public static OrganisationTree Build()
    {
        var orgs = Rows.Select((r, i)
            => new Organisation { Id = i + 1, Code = r.Code, Name = r.Name, Type = r.Type, OpenedOn = r.Opened, ClosedOn = r.Closed }).ToList();
        foreach (var (o, r) in orgs.Zip(Rows))
        {
            o.ParentId = r.Parent is null ? null : orgs.Single(p => p.Code == r.Parent).Id;
        }
        return new OrganisationTree(orgs);
    }

    public static byte[] Workbook()
    {
        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("组织");
        ws.Cell(1, 1).SetValue("说明：本表为测试组织");
        string[] headers = ["组织代码", "组织名称", "上级组织代码", "组织类型", "成立日期", "撤销日期", "联系人"];
        for (var c = 0; c < headers.Length; c++) ws.Cell(2, c + 1).SetValue(headers[c]);
        var row = 3;
        foreach (var r in Rows)
        {
            ws.Cell(row, 1).SetValue(r.Code);
            ws.Cell(row, 2).SetValue(r.Name);
            if (r.Parent is not null) ws.Cell(row, 3).SetValue(r.Parent);
            ws.Cell(row, 4).SetValue(r.Type);
            if (r.Opened is { } o) ws.Cell(row, 5).SetValue(o.ToDateTime(TimeOnly.MinValue));
            if (r.Closed is { } c) ws.Cell(row, 6).SetValue(c.ToDateTime(TimeOnly.MinValue));
            ws.Cell(row, 7).SetValue("张三");
            row++;
        }
        return Save(wb);
    }

    public static byte[] Save(XLWorkbook wb)
    {
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }
}
