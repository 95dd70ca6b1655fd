using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace DashboardApp.Core.Indicators;

/// <summary>指标目录: the indicators in display order, found by code, name or alias.</summary>
public sealed partial class IndicatorCatalogue
{
    private readonly Dictionary<string, Indicator> _byCode;
    private readonly Dictionary<string, Indicator> _byLabel;

    public IndicatorCatalogue(IEnumerable<Indicator> indicators)
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
    }

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
        return new IndicatorCatalogue(ReadJson(stream));
    }

    public static List<Indicator> ReadJson(Stream stream)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };
        var list = JsonSerializer.Deserialize<List<Indicator>>(stream, options)
            ?? throw new InvalidDataException("指标目录文件为空");
        for (var n = 0; n < list.Count; n++)
            if (list[n].SortOrder == 0) list[n].SortOrder = n + 1;
        return list;
    }
}
