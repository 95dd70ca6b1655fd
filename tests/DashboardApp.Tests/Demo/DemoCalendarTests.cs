using System.IO.Compression;
using DashboardApp.Core.Demo;
using DashboardApp.Core.Indicators;
using DashboardApp.Core.Periods;

namespace DashboardApp.Tests.Demo;

/// <summary>The demo follows the calendar: the months after seed-data are generated on start, as each unit sends them.</summary>
public class DemoCalendarTests
{
    private static readonly string SeedData = FindSeedData();

    private static string FindSeedData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "seed-data", "demo.json"))) return Path.Combine(dir.FullName, "seed-data");
        throw new DirectoryNotFoundException("seed-data/demo.json");
    }

    private static string Sheet(byte[] workbook)
    {
        using var zip = new ZipArchive(new MemoryStream(workbook));
        return string.Join("\n",
            zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) || e.FullName == "xl/sharedStrings.xml")
            .OrderBy(e => e.FullName, StringComparer.Ordinal).Select(e => new StreamReader(e.Open()).ReadToEnd()));
    }

    [Fact]
    public void SeedDataSaysWhatItWasGeneratedWith()
    {
        var range = DemoRange.Read(SeedData)!;
        Assert.Equal(Period.Month(2023, 1), range.First);
        Assert.True(range.Last >= Period.Month(2026, 10));
        Assert.Equal(range.First.Year,
            int.Parse(Directory.GetFiles(Path.Combine(SeedData, "figures")).Select(Path.GetFileNameWithoutExtension).Min()![^4..]));
    }

    [Fact]
    public void AMonthAfterTheSeedComesOutTheSameHoweverFarTheDemoRuns()
    {
        var range = DemoRange.Read(SeedData)!;
        var generator = new DemoDataGenerator(IndicatorCatalogue.LoadJson(Path.Combine(SeedData, "indicators.json")), range.Seed);
        var next = range.Last.NextMonth();
        var shortRun = generator.Continue(range.First, range.Last, next, (_, _) => true);
        var longRun = generator.Continue(range.First, range.Last, next.NextMonth().NextMonth(), (_, _) => true);

        Assert.Equal(6, shortRun.Count);
        Assert.All(shortRun, f => Assert.EndsWith($"-{next}.xlsx", f.Name, StringComparison.Ordinal));
        foreach (var (name, content) in shortRun)
            Assert.Equal(Sheet(content), Sheet(longRun.Single(f => f.Name == name).Content));
        Assert.Equal(18, longRun.Count);
    }

    [Fact]
    public void OnlyTheUnitsThatHaveSentTheirMonthAreInItsWorkbooks()
    {
        var range = DemoRange.Read(SeedData)!;
        var generator = new DemoDataGenerator(IndicatorCatalogue.LoadJson(Path.Combine(SeedData, "indicators.json")), range.Seed);
        var next = range.Last.NextMonth();
        var files = generator.Continue(range.First, range.Last, next, (code, _) => code.StartsWith("D02-S01-", StringComparison.Ordinal));
        var (name, content) = Assert.Single(files);
        Assert.Equal($"D02-{next}.xlsx", name);
        var sheet = Sheet(content);
        Assert.Contains("D02-S01-U001", sheet);
        Assert.DoesNotContain("D02-S02-", sheet);
    }

    [Fact]
    public void UnitsSendTheirMonthWithinFourteenDaysAndAboutOneInEightLate()
    {
        var days = Enumerable.Range(1,
            600).SelectMany(id => Enumerable.Range(1, 12).Select(m => DemoLoader.SentAfterDays(id, Period.Month(2026, m)))).ToList();
        Assert.All(days, d => Assert.InRange(d, 1, 14));
        var late = days.Count(d => d > 10) / (double)days.Count;
        Assert.InRange(late, 0.08, 0.16);
        Assert.Equal(DemoLoader.SentAfterDays(17, Period.Month(2026, 11)), DemoLoader.SentAfterDays(17, Period.Month(2026, 11)));
    }
}
