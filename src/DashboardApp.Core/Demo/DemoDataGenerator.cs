using ClosedXML.Excel;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;

namespace DashboardApp.Core.Demo;

/// <summary>
/// Writes the demo seed data: an organisations workbook for a fictional city (1 市, 6 区/县, ~30
/// 街道/乡镇/系统党委, ~500 基层党组织) and, per district and year, a workbook of monthly 汇总表
/// sheets with believable figures: study peaks around 七一, volunteer peaks in March (学雷锋月),
/// slow growth, and a few units missing in some months. Deterministic for a given seed.
/// </summary>
public sealed class DemoDataGenerator(IndicatorCatalogue catalogue, int seed = 20230101)
{
    private sealed record Unit(string Code, string Name, string Type, string ParentCode, DateOnly? Opened, DateOnly? Closed, double Size,
        double Activity);
    private sealed record OrgRow(string Code, string Name, string? Parent, string Type, DateOnly? Opened, DateOnly? Closed);

    private static readonly (string Name, string Type, string[] Subs)[] Districts =
    [
        ("东城区委", "区委", ["和平街道党工委", "朝阳街道党工委", "东湖街道党工委", "文昌街道党工委", "区直机关工委"]),
        ("西城区委", "区委", ["西门街道党工委", "太平街道党工委", "金桥街道党工委", "新华街道党工委", "区教育系统党委"]),
        ("南湖区委", "区委", ["南湖街道党工委", "湖滨街道党工委", "白沙镇党委", "莲塘镇党委", "区卫健系统党委", "区非公经济党委"]),
        ("北山区委", "区委", ["北山街道党工委", "青松街道党工委", "石门镇党委", "区直机关工委", "区国资系统党委"]),
        ("青河县委", "县委", ["城关镇党委", "青河镇党委", "柳林乡党委", "双桥乡党委", "县直机关工委"]),
        ("云岭县委", "县委", ["云岭镇党委", "龙潭镇党委", "高坪乡党委", "马场乡党委"]),
    ];

    private static readonly string[] Places =
    [
        "幸福", "光明", "和谐", "长青", "振兴", "新村", "红旗", "团结", "胜利", "建设", "育才", "民主", "安居", "丰收", "桂花",
        "梧桐", "杏林", "望江", "凤凰", "枫林", "锦绣", "翠竹", "春晖", "金山", "银河", "玉泉", "绿洲", "晨曦", "明珠", "松涛",
    ];

    private static readonly (string Suffix, string Type)[] UnitKinds =
    [
        ("社区党委", "党委"), ("社区党支部", "党支部"), ("村党支部", "党支部"), ("村党总支", "党总支"), ("小学党支部", "党支部"),
        ("中学党总支", "党总支"), ("卫生院党支部", "党支部"), ("公司党支部", "党支部"), ("物业公司党支部", "党支部"), ("机关第一党支部", "党支部"),
    ];

    /// <summary>The share of units that miss a recent month.</summary>
    private const double RecentMissing = 0.07;

    public void Write(string directory, Period first, Period last)
    {
        var random = new Random(seed);
        var (orgs, units) = BuildTree(random);
        Directory.CreateDirectory(directory);
        WriteOrganisations(Path.Combine(directory, "organisations.xlsx"), orgs);
        var figuresDir = Path.Combine(directory, "figures");
        Directory.CreateDirectory(figuresDir);
        foreach (var old in Directory.GetFiles(figuresDir, "*.xlsx")) File.Delete(old);

        var membersOf = units.ToDictionary(u => u.Code, u => Math.Round(u.Size));
        foreach (var district in orgs.Where(o => o.Parent == "C"))
        {
            foreach (var year in Figures(random, district, units, first, last, membersOf).GroupBy(m => m.Month.Year))
            {
                using var wb = new XLWorkbook();
                foreach (var (month, rows) in year) WriteSummarySheet(wb, district.Name, month, rows);
                wb.SaveAs(Path.Combine(figuresDir, $"{district.Code}-{year.Key}.xlsx"));
            }
        }
        new DemoRange(seed, first, last).Write(directory);
    }

    /// <summary>
    /// The months after the seed data written by <see cref="Write"/> (which ended at <paramref name="seedLast"/>), up to
    /// <paramref name="last"/>: one 汇总表 workbook per district and month holding the units <paramref name="include"/>
    /// accepts (a unit that has not "sent" its month yet is left out). The seed months are generated again, unwritten,
    /// so the figures carry on from them; each district's later months draw from a generator of their own, so the
    /// same months come out whatever <paramref name="last"/> is.
    /// </summary>
    public List<(string Name, byte[] Content)> Continue(Period first, Period seedLast, Period last, Func<string, Period, bool> include)
    {
        var random = new Random(seed);
        var (orgs, units) = BuildTree(random);
        var membersOf = units.ToDictionary(u => u.Code, u => Math.Round(u.Size));
        var files = new List<(string, byte[])>();
        foreach (var district in orgs.Where(o => o.Parent == "C"))
        {
            foreach (var _ in Figures(random, district, units, first, seedLast, membersOf)) { }
            var own = new Random(seed ^ (int)Stable(district.Code));
            // Recent months: a few more units miss them than in the history (they are still being chased).
            foreach (var (month, rows) in Figures(own, district, units, seedLast.NextMonth(), last, membersOf, _ => RecentMissing))
            {
                var sent = rows.Where(r => include(r.Unit.Code, month)).ToList();
                if (sent.Count == 0) continue;
                using var wb = new XLWorkbook();
                WriteSummarySheet(wb, district.Name, month, sent);
                using var stream = new MemoryStream();
                wb.SaveAs(stream);
                files.Add(($"{district.Code}-{month}.xlsx", stream.ToArray()));
            }
        }
        return files;
    }

    /// <summary>A district's figures, month by month from <paramref name="first"/> to <paramref name="last"/>, drawn in a fixed order.</summary>
    private IEnumerable<(Period Month, List<(Unit Unit, Dictionary<string, decimal?> Values)> Rows)> Figures(
        Random random, OrgRow district, List<Unit> units, Period first, Period last, Dictionary<string, double> membersOf,
            Func<Period, double>? missing = null)
    {
        // A few units miss a month; more are still missing in the latest month.
        missing ??= month => month == last ? RecentMissing : 0.015;
        var districtUnits = units.Where(u => u.Code.StartsWith(district.Code + "-", StringComparison.Ordinal)).ToList();
        for (var month = first; month <= last; month = month.NextMonth())
        {
            var rows = new List<(Unit, Dictionary<string, decimal?>)>();
            foreach (var u in districtUnits.Where(u => IsOpen(u, month)))
                if (MonthValues(random, u, month, missing(month), membersOf) is { } values) rows.Add((u, values));
            yield return (month, rows);
        }
    }

    private static bool IsOpen(Unit u, Period month) =>
        (u.Opened is null || u.Opened <= month.End) && (u.Closed is null || u.Closed >= month.Start);

    private static (List<OrgRow>, List<Unit>) BuildTree(Random random)
    {
        var orgs = new List<OrgRow> { new("C", "示范市委", null, "市委", null, null) };
        var units = new List<Unit>();
        var usedNames = new HashSet<string>();
        for (var d = 0; d < Districts.Length; d++)
        {
            var (dName, dType, subs) = Districts[d];
            var dCode = $"D{d + 1:D2}";
            orgs.Add(new OrgRow(dCode, dName, "C", dType, null, null));
            for (var s = 0; s < subs.Length; s++)
            {
                var sCode = $"{dCode}-S{s + 1:D2}";
                var subName = dName[..2] + subs[s];
                orgs.Add(new OrgRow(sCode, subName, dCode, subs[s].EndsWith("工委", StringComparison.Ordinal) ? "党工委" : "党委", null, null));
                var count = random.Next(12, 22);
                for (var u = 0; u < count; u++)
                {
                    var kind = UnitKinds[random.Next(UnitKinds.Length)];
                    string name;
                    do name = subName[2..4] + Places[random.Next(Places.Length)] + kind.Suffix;
                    while (!usedNames.Add(name));
                    DateOnly? opened = null, closed = null;
                    var roll = random.NextDouble();
                    if (roll < 0.012) opened = new DateOnly(2024 + random.Next(3), random.Next(1, 10), 1);
                    else if (roll < 0.024) closed = new DateOnly(2023 + random.Next(3), random.Next(3, 12), 28);
                    var size = kind.Type == "党委" ? random.Next(80, 320) : kind.Type == "党总支" ? random.Next(40, 120) : random.Next(8, 60);
                    units.Add(new Unit($"{sCode}-U{u + 1:D3}", name, kind.Type, sCode, opened, closed, size, 0.7 + random.NextDouble() * 0.8));
                }
            }
        }
        orgs.AddRange(units.Select(u => new OrgRow(u.Code, u.Name, u.ParentCode, u.Type, u.Opened, u.Closed)));
        return (orgs, units);
    }

    /// <summary>One unit's figures for a month, or null when the unit did not report.</summary>
    private Dictionary<string, decimal?>? MonthValues(Random random, Unit unit, Period month, double missing, Dictionary<string, double> membersOf)
    {
        if (random.NextDouble() < missing) return null;
        var growth = 1 + 0.06 * (month.Year - 2023) + 0.005 * month.Index;
        var a = unit.Activity * growth;
        var study = month.Index switch { 6 => 1.5, 7 => 2.1, 1 or 2 => 0.7, _ => 1.0 };
        var volunteer = month.Index switch { 3 => 2.2, 12 => 1.3, 8 => 0.8, _ => 1.0 };
        var recruit = month.Index is 6 or 12 ? 2.5 : 0.6;
        var scale = Math.Sqrt(unit.Size / 30.0);

        int P(double mean) => Poisson(random, Math.Max(mean, 0));
        var values = new Dictionary<string, decimal?>();
        var talks = P(0.8 * a * study * scale);
        var newMembers = P(0.12 * recruit * scale);
        membersOf[unit.Code] += newMembers - (random.NextDouble() < 0.04 ? 1 : 0);
        var found = P(0.9 * a * scale);
        var activities = P(1.6 * a * volunteer * scale);
        var volunteers = activities == 0 ? 0 : activities * random.Next(4, 16);
        values["STUDY_SESSIONS"] = P(2.2 * a * study);
        values["PARTY_LECTURES"] = P(0.5 * a * study);
        values["THEME_PARTY_DAYS"] = P(1.0 * a);
        values["PUBLICITY_TALKS"] = talks;
        values["PUBLICITY_AUDIENCE"] = talks == 0 ? 0 : talks * random.Next(15, 70);
        values["APPLICANTS"] = P(0.35 * recruit * scale);
        values["ACTIVISTS"] = P(0.2 * recruit * scale);
        values["NEW_MEMBERS"] = newMembers;
        values["CONFIRMED_MEMBERS"] = P(0.1 * recruit * scale);
        values["MEMBERS_TOTAL"] = (decimal)Math.Max(3, membersOf[unit.Code]);
        values["INSPECTIONS"] = P(0.9 * a * scale);
        values["ISSUES_FOUND"] = found;
        values["ISSUES_RECTIFIED"] = Math.Min(found, P(found * 0.85));
        values["INTEGRITY_EDUCATION"] = P(0.5 * a);
        values["VOLUNTEER_ACTIVITIES"] = activities;
        values["VOLUNTEERS"] = volunteers;
        values["VOLUNTEER_HOURS"] = Math.Round((decimal)(volunteers * (1.5 + random.NextDouble() * 2)), 1);
        // Now and then a cell is left blank (not reported).
        if (random.NextDouble() < 0.03) values[catalogue.All[random.Next(catalogue.All.Count)].Code] = null;
        return values;
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit && k < 1000) { k++; p *= random.NextDouble(); }
        return k;
    }

    private void WriteSummarySheet(XLWorkbook wb, string districtName, Period month, List<(Unit Unit, Dictionary<string, decimal?> Values)> rows)
    {
        var ws = wb.Worksheets.Add($"{month.Year}年{month.Index:D2}月");
        var indicators = catalogue.All;
        var lastCol = 2 + indicators.Count;
        ws.Range(1, 1, 1, lastCol).Merge().SetValue($"{districtName}{month.ToChinese()}党建工作指标汇总表");
        ws.Cell(1, 1).Style.Font.SetBold().Font.SetFontSize(14);
        TemplateWriter.Text(ws.Cell(2, 1), "统计期：");
        TemplateWriter.Text(ws.Cell(2, 2), month.ToString());
        // Two header rows: merged categories above, indicator names with units below.
        ws.Range(3, 1, 4, 1).Merge();
        TemplateWriter.Text(ws.Cell(3, 1), "单位代码");
        ws.Range(3, 2, 4, 2).Merge();
        TemplateWriter.Text(ws.Cell(3, 2), "单位名称");
        var col = 3;
        foreach (var group in indicators.GroupBy(i => i.Category))
        {
            var start = col;
            foreach (var i in group) TemplateWriter.Text(ws.Cell(4, col++), $"{i.Name}（{i.Unit}）");
            ws.Range(3, start, 3, col - 1).Merge();
            TemplateWriter.Text(ws.Cell(3, start), group.Key);
        }
        ws.Range(3, 1, 4, lastCol).Style.Font.SetBold().Alignment.SetWrapText().Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        var row = 5;
        var totals = new decimal[indicators.Count];
        foreach (var (unit, values) in rows)
        {
            TemplateWriter.Text(ws.Cell(row, 1), unit.Code);
            TemplateWriter.Text(ws.Cell(row, 2), unit.Name);
            for (var i = 0; i < indicators.Count; i++)
            {
                if (values[indicators[i].Code] is not { } v) continue;
                if (Approximated(unit.Code, month, indicators[i], v) is { } text) TemplateWriter.Text(ws.Cell(row, 3 + i), text);
                else ws.Cell(row, 3 + i).SetValue(v);
                totals[i] += v;
            }
            row++;
        }
        TemplateWriter.Text(ws.Cell(row, 2), "合计");
        // Once a year per district the 合计 was added up by hand and is off (数据复核 shows it).
        var misTyped = Stable($"{districtName}{month.Year}") % 12 + 1 == month.Index ? indicators.Count - 2 : -1;
        for (var i = 0; i < indicators.Count; i++) ws.Cell(row, 3 + i).SetValue(totals[i] + (i == misTyped ? 20 : 0));
        ws.Row(row).Style.Font.SetBold();
        ws.SheetView.FreezeRows(4);
        TemplateWriter.SetWidths(ws, [16, 28, .. Enumerable.Repeat(11.0, indicators.Count)]);
    }

    /// <summary>About one value in 1,500 is typed as units type it when unsure: 约30, 26余人.</summary>
    private static string? Approximated(string unit, Period month, Indicator indicator, decimal value)
    {
        if (value < 10 || value != decimal.Truncate(value) || Stable($"{unit}{month}{indicator.Code}") % 1500 != 0) return null;
        return indicator.Unit is "人" or "人次" ? $"{value}余{indicator.Unit}" : $"约{value}";
    }

    /// <summary>FNV-1a: the same number for the same text in every process (string.GetHashCode is not).</summary>
    private static uint Stable(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return hash;
    }

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
    private static readonly string[] Given = ["建国", "秀英", "志强", "丽华", "海燕", "文杰", "红梅", "晓东", "玉兰", "国平", "桂芳", "振华"];

    /// <summary>A made-up contact, the same for a code every time; addresses under the reserved .example domain.</summary>
    private static (string Name, string Phone, string Email) Contact(string code)
    {
        var h = Stable(code);
        return (Surnames[h % (uint)Surnames.Length] + Given[h / 16 % (uint)Given.Length], $"0571-8{h % 10_000_000:0000000}",
            $"{code.ToLowerInvariant()}@dangjian.example");
    }

    private static void WriteOrganisations(string path, List<OrgRow> orgs)
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("组织机构");
        string[] headers = ["组织代码", "组织名称", "上级组织代码", "组织类型", "成立日期", "撤销日期", "联系人", "联系电话", "电子邮箱"];
        for (var c = 0; c < headers.Length; c++) TemplateWriter.Text(ws.Cell(1, c + 1), headers[c]);
        ws.Row(1).Style.Font.SetBold();
        var row = 2;
        foreach (var o in orgs)
        {
            TemplateWriter.Text(ws.Cell(row, 1), o.Code);
            TemplateWriter.Text(ws.Cell(row, 2), o.Name);
            if (o.Parent is not null) TemplateWriter.Text(ws.Cell(row, 3), o.Parent);
            TemplateWriter.Text(ws.Cell(row, 4), o.Type);
            if (o.Opened is { } opened) ws.Cell(row, 5).SetValue(opened.ToDateTime(TimeOnly.MinValue));
            if (o.Closed is { } closed) ws.Cell(row, 6).SetValue(closed.ToDateTime(TimeOnly.MinValue));
            var (name, phone, email) = Contact(o.Code);
            TemplateWriter.Text(ws.Cell(row, 7), name);
            TemplateWriter.Text(ws.Cell(row, 8), phone);
            // One unit in seven has no address yet: 催报 reaches it in the app only.
            if (Stable(o.Code) % 7 != 0) TemplateWriter.Text(ws.Cell(row, 9), email);
            row++;
        }
        ws.Range(2, 5, row, 6).Style.DateFormat.Format = "yyyy-mm-dd";
        TemplateWriter.SetWidths(ws, 18, 30, 16, 10, 12, 12, 10, 16, 28);
        wb.SaveAs(path);
    }
}
