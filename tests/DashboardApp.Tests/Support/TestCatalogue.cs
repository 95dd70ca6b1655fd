using DashboardApp.Core.Indicators;

namespace DashboardApp.Tests.Support;

/// <summary>The catalogue shipped in seed-data, as the product loads it.</summary>
public static class TestCatalogue
{
    public static string SeedDataDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "seed-data"))) dir = dir.Parent;
            return dir is null ? throw new DirectoryNotFoundException("seed-data not found above the test directory")
                : Path.Combine(dir.FullName, "seed-data");
        }
    }

    private static readonly Lazy<IndicatorCatalogue> Shipped = new(() =>
    {
        var list = IndicatorCatalogue.ReadJson(File.OpenRead(Path.Combine(SeedDataDirectory, "indicators.json")));
        for (var i = 0; i < list.Count; i++) list[i].Id = i + 1;
        return new IndicatorCatalogue(list);
    });

    public static IndicatorCatalogue Catalogue => Shipped.Value;
    public static Indicator Get(string code) => Catalogue.ByCode(code)!;
}
