using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace DashboardApp.Core.Indicators;

/// <summary>指标目录: the indicators in display order, found by code, name or alias.</summary>
public sealed partial class IndicatorCatalogue
{
    private readonly Dictionary<string, Indicator> _byCode;
    private readonly Dictionary<string, Indicator> _byLabel;

    public IndicatorCatalogue(IEnumerable<Indicator> indicators, IEnumerable<DerivedIndicator>? derived = null)
    {
        All = indicators.OrderBy(i => i.SortOrder).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
        _byCode = new Dictionary<string, Indicator>(StringComparer.OrdinalIgnoreCase);
        _byLabel = new Dictionary<string, Indicator>(StringComparer.OrdinalIgnoreCase);
        foreach (var i in All)
        {
            if (!_byCode.TryAdd(i.Code, i)) throw new InvalidDataException($"指标代码重复：{i.Code}");
            foreach (var label in i.Aliases.Prepend(i.Name))
            {
                var key = NormalizeLabel(label);
                if (_byLabel.TryGetValue(key, out var other) && other != i)
                    throw new InvalidDataException($"指标名称或别名“{label}”同时属于 {other.Code} 和 {i.Code}");
                _byLabel[key] = i;
            }
        }
        Derived = (derived ?? []).OrderBy(d => d.SortOrder).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
        foreach (var d in Derived)
        {
            if (_byCode.ContainsKey(d.Code) || Derived.Count(x => string.Equals(x.Code, d.Code, StringComparison.OrdinalIgnoreCase)) > 1)
                throw new InvalidDataException($"指标代码重复：{d.Code}");
            if (!_byCode.ContainsKey(d.Numerator) || !_byCode.ContainsKey(d.Denominator))
                throw new InvalidDataException($"派生指标 {d.Code}（{d.Name}）的分子“{d.Numerator}”或分母“{d.Denominator}”不是目录中的指标");
        }
    }

    /// <summary>派生指标: rates of two indicators, computed at query time.</summary>
    public IReadOnlyList<DerivedIndicator> Derived { get; }

    /// <summary>Every indicator, then every derived rate: what a page offers to rank or chart.</summary>
    public IEnumerable<Measure> Measures => All.Select(i => (Measure)i).Concat(Derived.Select(d => (Measure)d));

    /// <summary>An indicator or derived rate by its code.</summary>
    public Measure? MeasureByCode(string code) => ByCode(code) is { } i ? new Measure(i, null) : DerivedByCode(code) is { } d ? new Measure(null, d)
        : null;

    public DerivedIndicator? DerivedByCode(string code) =>
        Derived.FirstOrDefault(d => string.Equals(d.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<Indicator> All { get; }
    public IEnumerable<Indicator> Headlines => All.Where(i => i.IsHeadline);

    public Indicator? ByCode(string code) => _byCode.GetValueOrDefault(code.Trim());

    public Indicator? ById(int id) => All.FirstOrDefault(i => i.Id == id);

    /// <summary>Finds an indicator by code, name or alias as written in a header cell,
    /// tolerating spaces, full-width characters and a trailing unit in parentheses.</summary>
    public Indicator? Find(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var key = NormalizeLabel(header);
        if (_byCode.TryGetValue(key, out var byCode)) return byCode;
        if (_byLabel.TryGetValue(key, out var byLabel)) return byLabel;
        var withoutUnit = TrailingUnit().Replace(key, "");
        return withoutUnit != key ? _byCode.GetValueOrDefault(withoutUnit) ?? _byLabel.GetValueOrDefault(withoutUnit) : null;
    }

    internal static string NormalizeLabel(string text) => TextForms.Label(text);

    [GeneratedRegex(@"\([^()]*\)$")]
    private static partial Regex TrailingUnit();

    public static IndicatorCatalogue LoadJson(string path)
    {
        using var stream = File.OpenRead(path);
        var indicators = ReadJson(stream);
        var derivedPath = DerivedPath(path);
        if (!File.Exists(derivedPath)) return new IndicatorCatalogue(indicators);
        using var derived = File.OpenRead(derivedPath);
        return new IndicatorCatalogue(indicators, ReadDerivedJson(derived));
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>seed-data's derived-indicators.json beside an indicators.json, if there is one.</summary>
    public static string DerivedPath(string indicatorsJsonPath)
        => Path.Combine(Path.GetDirectoryName(indicatorsJsonPath) ?? ".", "derived-indicators.json");

    public static List<DerivedIndicator> ReadDerivedJson(Stream stream)
    {
        var list = JsonSerializer.Deserialize<List<DerivedIndicator>>(stream, JsonOptions) ?? [];
        for (var n = 0; n < list.Count; n++)
            if (list[n].SortOrder == 0) list[n].SortOrder = n + 1;
        return list;
    }

    public static List<Indicator> ReadJson(Stream stream)
    {
        var list = JsonSerializer.Deserialize<List<Indicator>>(stream, JsonOptions)
            ?? throw new InvalidDataException("指标目录文件为空");
        for (var n = 0; n < list.Count; n++)
            if (list[n].SortOrder == 0) list[n].SortOrder = n + 1;
        return list;
    }
}
