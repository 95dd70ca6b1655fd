using System.ComponentModel.DataAnnotations;

namespace DashboardApp.Core.Workbooks;

/// <summary>Limits on reading uploaded workbooks: configuration section "Dashboard:Import".</summary>
public sealed class ImportLimits
{
    public const string Section = "Dashboard:Import";

    /// <summary>Files read at the same time. A 10 MB workbook can take several hundred MB while ClosedXML holds it, so the server reads a few at a
    /// time and queues the rest.</summary>
    [Range(1, 256)]
    public int MaxConcurrentReads { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>How long one file may take before it is refused as too complex.</summary>
    public TimeSpan TimePerFile { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Reads uploaded workbooks a few at a time and bounds the time per file (docs/product.md, “Workbooks”): a
/// file that takes too long is refused with a reason, never left hanging. Reading is our own
/// streaming code (<see cref="XlsxReader"/>), which checks the token at every row and string, so
/// a cancelled read really stops and frees its slot; the size guard bounds how much XML there can be.
/// </summary>
public sealed class ReadGate(ImportLimits limits) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(limits.MaxConcurrentReads, limits.MaxConcurrentReads);

    public async Task<ParsedWorkbook> ReadAsync(Func<CancellationToken, ParsedWorkbook> read, CancellationToken ct = default)
    {
        await _slots.WaitAsync(ct);
        try
        {
            using var overrun = CancellationTokenSource.CreateLinkedTokenSource(ct);
            overrun.CancelAfter(limits.TimePerFile);
            try
            {
                return read(overrun.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return new ParsedWorkbook([], [TooSlow(limits.TimePerFile)], []);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public static ImportProblem TooSlow(TimeSpan limit) =>
        ImportProblem.File("TOO_SLOW", $"文件过于复杂，{limit.TotalSeconds:0} 秒内未能读完，已停止处理；请删除多余的工作表、格式和空白行后另存为 .xlsx 重新上传，或拆分为多个文件");

    public void Dispose() => _slots.Dispose();
}
