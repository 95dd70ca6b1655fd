using DashboardApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DashboardApp.Core.Rules;

/// <summary>A 校验规则 as the page edits it; sides and operator as typed (names or codes, ≤ or &lt;=).</summary>
public sealed record RuleEdit(string Left, string Operator, string Right, RuleSeverity Severity, string Message, bool Enabled = true);

/// <summary>A stored rule as the page lists it: how it reads, and why it no longer applies when an indicator it names is gone.</summary>
public sealed record RuleRow(ValidationRule Rule, string Shown, string? Broken);

/// <summary>
/// 校验规则维护: add, edit and disable rules without code. A rule is checked against the catalogue before it is saved — an
/// unknown indicator or a side that does not parse is refused with the reason — and stored in canonical form (codes, ASCII
/// operators). Saving bumps the reference stamp, so the next upload on every instance checks against the new rules. Audited.
/// Rules are not deleted: a disabled rule keeps the record of what was once checked.
/// </summary>
public sealed class RuleAdmin(IDbContextFactory<DashboardDbContext> dbFactory, ReferenceData reference)
{
    public async Task<List<RuleRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (_, catalogue) = await reference.GetAsync(db, ct);
        var rules = await db.ValidationRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);
        return rules.Select(r =>
        {
            try { return new RuleRow(r, CompiledRule.Compile(r, catalogue).Shown, null); }
            catch (InputRefusedException e) { return new RuleRow(r, $"{r.Left} {RuleOperators.Shown(r.Operator)} {r.Right}", e.Message); }
        }).ToList();
    }

    /// <summary>Adds a rule (<paramref name="id"/> null) or changes one; refused with the reason when it does not compile.</summary>
    public async Task<ValidationRule> SaveAsync(string actor, int? id, RuleEdit edit, CancellationToken ct = default)
    {
        var message = FreeText.Clean(edit.Message)!;
        if (message.Length == 0) throw new InputRefusedException("请填写提示语：填报人看到的说明，如“发展党员数不能超过党员总数”");
        if (message.Length > RuleLimits.MaxMessage) throw new InputRefusedException($"提示语不能超过 {RuleLimits.MaxMessage} 个字");
        if (edit.Left.Length > RuleLimits.MaxSide || edit.Right.Length > RuleLimits.MaxSide)
            throw new InputRefusedException($"表达式不能超过 {RuleLimits.MaxSide} 个字符");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        var (_, catalogue) = await reference.GetAsync(db, ct);
        var compiled = CompiledRule.Compile(new ValidationRule
        {
            Left = edit.Left, Operator = edit.Operator, Right = edit.Right, Severity = edit.Severity, Message = message,
        }, catalogue);
        var rule = id is { } existing
            ? await db.ValidationRules.FirstOrDefaultAsync(r => r.Id == existing, ct) ?? throw new InputRefusedException("该规则已不存在，请刷新页面")
            : db.ValidationRules.Add(new ValidationRule { Left = "", Operator = "", Right = "", Message = "" }).Entity;
        rule.Left = compiled.Left.Canonical;
        rule.Operator = compiled.Operator;
        rule.Right = compiled.Right.Canonical;
        rule.Severity = edit.Severity;
        rule.Message = message;
        rule.Enabled = edit.Enabled;
        await db.SaveChangesAsync(ct);
        return rule;
    }

    public async Task SetEnabledAsync(string actor, int id, bool enabled, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        var rule = await db.ValidationRules.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new InputRefusedException("该规则已不存在，请刷新页面");
        rule.Enabled = enabled;
        await db.SaveChangesAsync(ct);
    }
}
