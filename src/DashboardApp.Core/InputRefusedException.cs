namespace DashboardApp.Core;

/// <summary>
/// A change or request refused for a reason the user can act on, with the Chinese message to show them: a page shows it
/// beside the form, the command line prints it and exits 2. Anything else thrown is a fault, never shown as it is.
/// </summary>
public sealed class InputRefusedException(string message) : Exception(message);
