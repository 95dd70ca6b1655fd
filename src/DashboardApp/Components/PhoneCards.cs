using Radzen;

namespace DashboardApp.Components;

/// <summary>
/// A grid read on a phone as cards: each row a block, each cell on a line of its own after its column's title (app.css, .phone-cards), so
/// the column that matters — a problem's 说明, a flag's value, a unit's state — is on screen without scrolling sideways. A grid opts in
/// with <c>class="phone-cards"</c> and <c>CellRender="PhoneCards.Label"</c>.
/// </summary>
public static class PhoneCards
{
    /// <summary>Gives each cell its column's title, which the phone layout writes before it.</summary>
    public static void Label<T>(DataGridCellRenderEventArgs<T> args) where T : notnull
    {
        if (args.Column?.Title is { Length: > 0 } title) args.Attributes["data-label"] = title;
    }
}
