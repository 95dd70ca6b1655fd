namespace DashboardApp.Cycle;

/// <summary>Within one circuit: a page marked messages read, so the header's unread count looks again.</summary>
public sealed class InboxEvents
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}
