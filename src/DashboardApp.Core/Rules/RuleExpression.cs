using System.Globalization;
using System.Text;
using DashboardApp.Core.Indicators;

namespace DashboardApp.Core.Rules;

/// <summary>
/// One side of a 校验规则: a small arithmetic expression over indicators and numbers — <c>VOLUNTEERS * 24</c>,
/// <c>(ISSUES_FOUND - ISSUES_RECTIFIED) / 2</c>. An indicator is written by its code or its name; +, −, ×, ÷ and
/// parentheses as usual, full-width forms accepted. Parsed once against the catalogue, evaluated per unit-month.
/// </summary>
public abstract class RuleExpression
{
    /// <summary>The indicators the expression reads, in order of appearance.</summary>
    public abstract IEnumerable<Indicator> Indicators { get; }

    /// <summary>The value, or null when it cannot be computed: an indicator not reported, a division by 0, an overflow.</summary>
    public abstract decimal? Evaluate(Func<Indicator, decimal?> valueOf);

    /// <summary>How the expression is stored: indicator codes, ASCII operators, single spaces.</summary>
    public abstract string Canonical { get; }

    /// <summary>How the expression reads to a person: indicator names, × and ÷.</summary>
    public abstract string Shown { get; }

    private protected virtual int Precedence => 3;

    /// <summary>Parses <paramref name="text"/>; a Chinese reason (unknown indicator, what was expected where) when it does not.</summary>
    public static RuleExpression Parse(string text, IndicatorCatalogue catalogue)
    {
        var parser = new Parser(Normalise(text), catalogue);
        return parser.ParseWhole();
    }

    /// <summary>Full-width characters and the arithmetic signs people type, turned into the ASCII ones the grammar reads.</summary>
    internal static string Normalise(string text)
    {
        var s = TextForms.Compact(text.Normalize(NormalizationForm.FormKC));
        return s.Replace('×', '*').Replace('÷', '/').Replace('−', '-').Replace('–', '-').Replace('（', '(').Replace('）', ')');
    }

    private sealed class Number(decimal value) : RuleExpression
    {
        public override IEnumerable<Indicator> Indicators => [];
        public override decimal? Evaluate(Func<Indicator, decimal?> valueOf) => value;
        public override string Canonical => value.ToString(CultureInfo.InvariantCulture);
        public override string Shown => Canonical;
    }

    private sealed class Reference(Indicator indicator) : RuleExpression
    {
        public override IEnumerable<Indicator> Indicators => [indicator];
        public override decimal? Evaluate(Func<Indicator, decimal?> valueOf) => valueOf(indicator);
        public override string Canonical => indicator.Code;
        public override string Shown => indicator.Name;
    }

    private sealed class Binary(char op, RuleExpression left, RuleExpression right) : RuleExpression
    {
        public override IEnumerable<Indicator> Indicators => left.Indicators.Concat(right.Indicators);
        private protected override int Precedence => op is '+' or '-' ? 1 : 2;

        public override decimal? Evaluate(Func<Indicator, decimal?> valueOf)
        {
            if (left.Evaluate(valueOf) is not { } l || right.Evaluate(valueOf) is not { } r) return null;
            try
            {
                return op switch
                {
                    '+' => l + r,
                    '-' => l - r,
                    '*' => l * r,
                    _ => r == 0 ? null : l / r,
                };
            }
            catch (OverflowException) { return null; }
        }

        public override string Canonical => Join(left.Canonical, right.Canonical, op.ToString());
        public override string Shown => Join(left.Shown, right.Shown, op switch { '*' => "×", '/' => "÷", '-' => "−", _ => "+" });

        private string Join(string l, string r, string sign)
        {
            // Parentheses only where the grammar needs them: a lower-precedence side, or a right side of equal precedence (a − (b − c)).
            if (left.Precedence < Precedence) l = $"({l})";
            if (right.Precedence < Precedence || (right.Precedence == Precedence && op is '-' or '/')) r = $"({r})";
            return $"{l} {sign} {r}";
        }
    }

    private sealed class Parser(string text, IndicatorCatalogue catalogue)
    {
        private int _at;

        public RuleExpression ParseWhole()
        {
            if (text.Length == 0) throw new InputRefusedException("表达式为空");
            var e = Sum();
            if (_at < text.Length) throw Unexpected();
            return e;
        }

        private RuleExpression Sum()
        {
            var e = Product();
            while (Peek() is '+' or '-') { var op = text[_at++]; e = new Binary(op, e, Product()); }
            return e;
        }

        private RuleExpression Product()
        {
            var e = Factor();
            while (Peek() is '*' or '/') { var op = text[_at++]; e = new Binary(op, e, Factor()); }
            return e;
        }

        private RuleExpression Factor()
        {
            var c = Peek();
            if (c == '(')
            {
                _at++;
                var inner = Sum();
                if (Peek() != ')') throw new InputRefusedException($"第 {_at + 1} 个字符处缺少右括号“)”");
                _at++;
                return inner;
            }
            if (c is >= '0' and <= '9' or '.')
            {
                var start = _at;
                while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] == '.')) _at++;
                var s = text[start.._at];
                if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
                    throw new InputRefusedException($"无法识别的数字“{s}”");
                return new Number(d);
            }
            if (c is { } letter && (char.IsLetter(letter) || letter == '_'))
            {
                var start = _at;
                while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] == '_')) _at++;
                var name = text[start.._at];
                var indicator = catalogue.ByCode(name) ?? catalogue.Find(name)
                    ?? throw new InputRefusedException($"“{name}”不是指标目录中的指标代码或名称");
                return new Reference(indicator);
            }
            throw Unexpected();
        }

        private char? Peek()
        {
            while (_at < text.Length && text[_at] == ' ') _at++;
            return _at < text.Length ? text[_at] : null;
        }

        private InputRefusedException Unexpected() => Peek() is { } c
            ? new InputRefusedException($"第 {_at + 1} 个字符“{c}”处无法识别，应为指标、数字、运算符（+ − × ÷）或括号")
            : new InputRefusedException("表达式不完整，末尾缺少指标或数字");
    }
}
