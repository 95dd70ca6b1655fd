using DashboardApp.Core.Indicators;
using DashboardApp.Core.Periods;

namespace DashboardApp.Core.Rollups;

/// <summary>
/// The rollups of the organisations being read, summed from unit-months in organisation order, never holding the values:
/// <list type="number">
/// <item>For the unit being read: its value per month, and per quarter and year by the rule of
/// <see cref="RollupCalculator.Fold{T}"/> (SUM adds the months; LAST keeps the latest month's value).</item>
/// <item>When the unit's rows end, each of those is added into every organisation it goes to, counting the unit once.</item>
/// </list>
/// The same sums serve the full rebuild (into every ancestor) and the incremental run (into the parent only).
/// </summary>
internal sealed class RollupSums
{
    /// <summary>An organisation's sum for one period and indicator: the value and how many units stand behind it.</summary>
    public struct Sum
    {
        public long Value;
        public int Units;
    }

    private struct UnitValue
    {
        public long Value;
        /// <summary>The month the value is from (<see cref="RollupCalculator.Ordinal"/>); 0: the unit has no value here.</summary>
        public int Latest;
    }

    /// <summary>The organisations a unit's values are added into.</summary>
    private readonly Func<int, IEnumerable<int>> _targetsOf;

    /// <summary>Indicator id → its column in the arrays below (-1: not in the catalogue, not rolled up).</summary>
    private readonly int[] _column;
    private readonly bool[] _last;

    /// <summary>Each month seen: its period, quarter and year as indexes into <see cref="Periods"/>, and its ordinal.</summary>
    private readonly Dictionary<string, (int Month, int Quarter, int Year, int Ordinal)> _months = new(StringComparer.Ordinal);
    private readonly Dictionary<Period, int> _periodIndex = [];

    /// <summary>Per organisation, per period, per indicator column, the sum so far.</summary>
    private readonly Dictionary<int, List<Sum[]?>> _open = [];

    /// <summary>The unit being read: per period, per indicator column, its value; and the periods it has.</summary>
    private readonly List<UnitValue[]?> _unit = [];
    private readonly List<int> _unitPeriods = [];

    public RollupSums(IReadOnlyDictionary<int, Aggregation> aggregationOf, Func<int, IEnumerable<int>> targetsOf)
    {
        _targetsOf = targetsOf;
        IndicatorOfColumn = [.. aggregationOf.Keys.Where(id => id >= 0).Order()];
        _column = new int[IndicatorOfColumn.Length == 0 ? 0 : IndicatorOfColumn[^1] + 1];
        Array.Fill(_column, -1);
        _last = new bool[IndicatorOfColumn.Length];
        for (var c = 0; c < IndicatorOfColumn.Length; c++)
        {
            _column[IndicatorOfColumn[c]] = c;
            _last[c] = aggregationOf[IndicatorOfColumn[c]] == Aggregation.Last;
        }
    }

    /// <summary>The indicator id of each column of a <see cref="Sum"/> array.</summary>
    public int[] IndicatorOfColumn { get; }

    /// <summary>The periods an organisation's sums are indexed by, and each one's text.</summary>
    public List<(Period Period, string Text)> Periods { get; } = [];

    /// <summary>The organisations with sums so far.</summary>
    public IEnumerable<KeyValuePair<int, List<Sum[]?>>> Open => _open;

    /// <summary>The indicator's column in the sums, or -1 (not in the catalogue).</summary>
    public int Column(long indicator) => indicator >= 0 && indicator < _column.Length ? _column[indicator] : -1;

    /// <summary>An organisation's sums, per period index, taken out; null if it has none.</summary>
    public List<Sum[]?>? Take(int org) => _open.Remove(org, out var sums) ? sums : null;

    /// <summary>Unit-months in organisation order, into the organisations each unit's values go to.</summary>
    public void Add(List<UnitMonth> rows)
    {
        var unit = int.MinValue;
        List<Sum[]?>[] targets = [];
        foreach (var row in rows)
        {
            if (row.Org != unit)
            {
                AddUnitTo(targets);
                unit = row.Org;
                targets = [.. _targetsOf(row.Org).Select(OpenFor)];
            }
            if (targets.Length == 0) continue;
            var month = Month(row.Month);
            var (inMonth, inQuarter, inYear) = (UnitPeriod(month.Month), UnitPeriod(month.Quarter), UnitPeriod(month.Year));
            for (var pairs = new JoinedFields(row.Pairs.Text, row.Pairs.Bytes); !pairs.IsEmpty;)
            {
                var column = Column(pairs.Int32());
                var value = pairs.Int64();
                // Indicators not in the catalogue are not rolled up.
                if (column < 0) continue;
                inMonth[column] = new UnitValue { Value = value, Latest = month.Ordinal };
                RollupCalculator.Fold(ref inQuarter[column].Value, ref inQuarter[column].Latest, value, month.Ordinal, _last[column]);
                RollupCalculator.Fold(ref inYear[column].Value, ref inYear[column].Latest, value, month.Ordinal, _last[column]);
            }
        }
        AddUnitTo(targets);
    }

    /// <summary>The unit's values for a period, noted as one it has.</summary>
    private UnitValue[] UnitPeriod(int period)
    {
        while (_unit.Count <= period) _unit.Add(null);
        var cells = _unit[period] ??= new UnitValue[IndicatorOfColumn.Length];
        if (!_unitPeriods.Contains(period)) _unitPeriods.Add(period);
        return cells;
    }

    /// <summary>The unit just read, into every target: its values, and one more reporting unit behind each.</summary>
    private void AddUnitTo(List<Sum[]?>[] targets)
    {
        foreach (var period in _unitPeriods)
        {
            var cells = _unit[period]!;
            foreach (var target in targets)
            {
                while (target.Count <= period) target.Add(null);
                var sums = target[period] ??= new Sum[cells.Length];
                for (var c = 0; c < cells.Length; c++)
                {
                    if (cells[c].Latest == 0) continue;
                    sums[c].Value += cells[c].Value;
                    sums[c].Units++;
                }
            }
            Array.Clear(cells);
        }
        _unitPeriods.Clear();
    }

    private List<Sum[]?> OpenFor(int org)
    {
        if (!_open.TryGetValue(org, out var sums)) _open[org] = sums = [];
        return sums;
    }

    private (int Month, int Quarter, int Year, int Ordinal) Month(string text)
    {
        if (_months.TryGetValue(text, out var known)) return known;
        if (!Period.TryParse(text, out var month) || month.Type != PeriodType.Month)
            throw new InvalidOperationException($"当前值中的统计期“{text}”不是月份，无法汇总");
        var (quarter, year) = (month.Containing().First(), month.Containing().Last());
        return _months[text] = (Index(month), Index(quarter), Index(year), RollupCalculator.Ordinal(month));
    }

    private int Index(Period period)
    {
        if (_periodIndex.TryGetValue(period, out var index)) return index;
        Periods.Add((period, period.ToString()));
        return _periodIndex[period] = Periods.Count - 1;
    }
}
