using System.IO.Compression;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Workbooks;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Workbooks;

/// <summary>Whatever is done to a valid workbook, importing it ends accepted or refused with a Chinese reason — never an exception.</summary>
public class DamagedWorkbookTests
{
    private static byte[] Valid() => TestWorkbooks.FilledTemplate(TestWorkbooks.Unit("D2-U3"), Period.Month(2025, 3),
        new Dictionary<string, object> { ["STUDY_SESSIONS"] = 3, ["NEW_MEMBERS"] = "２", ["VOLUNTEER_HOURS"] = 4.5 });

    public static IEnumerable<object[]> Damages()
    {
        var valid = Valid();
        var names = EntryNames(valid);
        foreach (var cut in new[] { 0.1, 0.5, 0.9, 0.99 })
            yield return [$"truncated to {cut:P0}", valid[..(int)(valid.Length * cut)]];
        foreach (var name in names)
        {
            yield return [$"without {name}", Rewrite(valid, name, _ => null)];
            yield return [$"{name} cut in half", Rewrite(valid, name, b => b[..(b.Length / 2)])];
            yield return [$"{name} with flipped bytes", Rewrite(valid, name, Flip)];
            yield return [$"{name} emptied", Rewrite(valid, name, _ => [])];
        }
        var random = new Random(7);
        for (var i = 0; i < 20; i++)
        {
            var copy = (byte[])valid.Clone();
            for (var k = 0; k < 8; k++) copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
            yield return [$"random bytes flipped #{i}", copy];
        }
    }

    /// <summary>What the undamaged workbook gives: its unit, month and values.</summary>
    private static readonly string Intact = Describe(WorkbookParser.Parse(Valid(), "valid.xlsx", TestWorkbooks.Context()));

    private static string Describe(ParsedWorkbook parsed) => string.Join("; ", parsed.Submissions.Select(s =>
        $"{s.Unit.Code} {s.Period}: " + string.Join(", ", s.Values.Select(v => $"{v.Indicator.Code}={v.Value}"))));

    [Theory]
    [MemberData(nameof(Damages))]
    public void ADamagedWorkbookIsRefusedWithAChineseReasonOrGivesExactlyTheIntactFiguresNeverAnException(string damage, byte[] file)
    {
        var result = WorkbookParser.Parse(file, "damaged.xlsx", TestWorkbooks.Context());

        if (result.Accepted)
        {
            // A damage the reader does not notice (a part it never reads) must not change a single figure.
            Assert.True(Intact == Describe(result), $"{damage}: {Describe(result)}");
            return;
        }
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", e.Message));
        Assert.Empty(result.Submissions);
    }

    [Fact]
    public void TheIntactWorkbookGivesItsThreeValues() =>
        Assert.Equal("D2-U3 2025-03: STUDY_SESSIONS=3, NEW_MEMBERS=2, VOLUNTEER_HOURS=4.5", Intact);

    private static List<string> EntryNames(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    private static byte[] Flip(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = copy.Length / 3; i < copy.Length; i += Math.Max(1, copy.Length / 7)) copy[i] ^= 0x5A;
        return copy;
    }

    private static byte[] Rewrite(byte[] xlsx, string entryName, Func<byte[], byte[]?> change)
    {
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry(entryName)!;
            byte[] content;
            using (var s = entry.Open()) { using var m = new MemoryStream(); s.CopyTo(m); content = m.ToArray(); }
            entry.Delete();
            if (change(content) is { } replacement)
            {
                using var w = zip.CreateEntry(entryName).Open();
                w.Write(replacement);
            }
        }
        return buffer.ToArray();
    }
}
