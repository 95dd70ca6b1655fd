using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using Microsoft.Extensions.Caching.Memory;

namespace DashboardApp.Submissions;

/// <summary>
/// Keeps the full problem list of recent uploads for a while, so that the upload page can offer it
/// as an Excel download even when it shows only the first <see cref="UploadOutcome.MaxProblems"/>.
/// A list is given back only to the user who uploaded the file; the store is bounded by the number
/// of problems it holds, and lists expire after two hours.
/// </summary>
public sealed class ProblemReports(TimeProvider clock) : IDisposable
{
    private sealed record Entry(string UserName, string File, DateTimeOffset CheckedAt, IReadOnlyList<ImportProblem> Errors,
        IReadOnlyList<ImportProblem> Warnings);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1_000_000 });

    /// <summary>
    /// The key under which the report's problems can be fetched, or null when it has none — or the file was imported before
    /// (unchanged): its problems were offered then, and nothing of it is stored now.
    /// </summary>
    public string? Keep(string userName, ImportReport report)
    {
        if (report.Errors.Count + report.Warnings.Count == 0 || report.Status == ImportStatus.Unchanged) return null;
        var key = Guid.NewGuid().ToString("N");
        _cache.Set(key, new Entry(userName, report.File, clock.GetLocalNow(), report.Errors, report.Warnings), new MemoryCacheEntryOptions
        {
            Size = 1 + report.Errors.Count + report.Warnings.Count,
            AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(2),
        });
        return key;
    }

    /// <summary>The problem list as a workbook and its download name, or null when the key is unknown, expired or someone else's.</summary>
    public (byte[] Content, string FileName)? Workbook(string key, string userName)
    {
        if (!_cache.TryGetValue<Entry>(key, out var entry) || entry is null || entry.UserName != userName) return null;
        var content = ProblemWorkbook.Write(entry.File, entry.CheckedAt, entry.Errors, entry.Warnings);
        return (content, $"{Path.GetFileNameWithoutExtension(entry.File)}_问题清单.xlsx");
    }

    public void Dispose() => _cache.Dispose();
}
