using System.ComponentModel.DataAnnotations;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Retry;

namespace DashboardApp.Core.Cycle;

/// <summary>"Dashboard:Mail": the SMTP server 催报, 退回 and 通报 are mailed through. No host means in-app messages only.</summary>
public sealed class MailOptions
{
    public const string Section = "Dashboard:Mail";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>The sender, e.g. "区委组织部 &lt;dj@example.gov.cn&gt;".</summary>
    public string? From { get; set; }

    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>Auto (STARTTLS when offered), None, StartTls or SslOnConnect.</summary>
    public SecureSocketOptions Tls { get; set; } = SecureSocketOptions.Auto;

    /// <summary>Attempts after the first before a delivery is recorded as failed.</summary>
    [Range(0, 10)]
    public int Retries { get; set; } = 3;

    /// <summary>Wait before the first retry; doubled for each next one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}

/// <summary>How one mail went: sent, or failed after every attempt with the last error.</summary>
public sealed record MailResult(bool Sent, int Attempts, string? Error);

/// <summary>An attachment of a mail (a 通报 workbook).</summary>
public sealed record MailAttachment(string FileName, byte[] Content);

/// <summary>Sends one mail through the configured SMTP server, retried with Polly; never throws for a delivery that fails.</summary>
public sealed partial class MailSender(IOptions<MailOptions> options, ILogger<MailSender> log)
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail to {To} failed (attempt {Attempt}): {Error}")]
    private static partial void MailFailed(ILogger logger, string to, int attempt, string error);

    /// <summary>What a reminder or decision does without a mail server, in an officer's words (the setting is in the administrators' guide).</summary>
    public const string NotConfigured = "系统未设置发送邮件，催报和通知只发到站内“消息”，填报员登录后可见。";

    /// <summary>What a 通报 does without one.</summary>
    public const string NotConfiguredForBulletin = "系统未设置发送邮件，通报暂不能按时发送，请联系系统管理员。";

    /// <summary>The same for an administrator at the command line: which settings to make.</summary>
    public const string NotConfiguredForAdministrators = "未配置邮件服务器（Dashboard:Mail:Host 和 From），只发送站内消息。";

    private readonly MailOptions _options = options.Value;

    public bool IsConfigured => _options.IsConfigured;

    public async Task<MailResult> SendAsync(string to, string subject, string body, MailAttachment? attachment = null, CancellationToken ct = default)
    {
        if (!IsConfigured) return new MailResult(false, 0, NotConfigured);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_options.From!));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        var builder = new BodyBuilder { TextBody = body };
        if (attachment is not null) builder.Attachments.Add(attachment.FileName, attachment.Content);
        message.Body = builder.ToMessageBody();

        var attempts = 0;
        string? lastError = null;
        var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, _options.Retries),
            Delay = _options.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
        }).Build();
        if (_options.Retries == 0) pipeline = ResiliencePipeline.Empty;
        try
        {
            await pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                try
                {
                    await SendOnceAsync(message, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    lastError = Describe(e);
                    MailFailed(log, to, attempts, lastError);
                    throw;
                }
            }, ct);
            return new MailResult(true, attempts, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new MailResult(false, attempts, lastError ?? Describe(e));
        }
    }

    private async Task SendOnceAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        await client.ConnectAsync(_options.Host!, _options.Port, _options.Tls, ct);
        if (!string.IsNullOrEmpty(_options.User)) await client.AuthenticateAsync(_options.User, _options.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }

    /// <summary>The server's answer or the connection problem, short enough to record.</summary>
    private static string Describe(Exception e) => e switch
    {
        SmtpCommandException c => $"邮件服务器拒绝（{(int)c.StatusCode}）：{c.Message}",
        SmtpProtocolException p => $"邮件服务器协议错误：{p.Message}",
        System.Net.Sockets.SocketException s => $"无法连接邮件服务器：{s.Message}",
        _ => $"发送失败：{e.Message}",
    } is var text && text.Length > 900 ? text[..900] : text;
}
