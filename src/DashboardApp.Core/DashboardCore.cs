using DashboardApp.Core.Cycle;
using DashboardApp.Core.Data;
using DashboardApp.Core.Figures;
using DashboardApp.Core.Review;
using DashboardApp.Core.Rollups;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DashboardApp.Core;

public static class DashboardCore
{
    /// <summary>
    /// Database, import, rollup and query services shared by the web app and the CLI. Their options (<c>IOptions&lt;T&gt;</c>) are bound to
    /// configuration once, by the host (<c>Hosting/ServiceSetup</c>); without a host they have their defaults.
    /// </summary>
    public static IServiceCollection AddDashboardCore(this IServiceCollection services, DatabaseSettings database)
    {
        services.AddDashboardDatabase(database);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddSingleton(sp => new ReadGate(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImportLimits>>().Value));
        services.AddSingleton<ReferenceData>();
        services.AddSingleton<SubmissionService>();
        services.TryAddSingleton<IRollupSignal, QueueOnlyRollupSignal>();
        services.AddSingleton<RollupService>();
        services.AddSingleton<FigureUpdates>();
        services.AddSingleton<SharedReads>();
        services.AddSingleton<FigureQueries>();
        services.AddSingleton<ReportingStatusQueries>();
        services.AddSingleton<AnnualSummaryQueries>();
        services.AddSingleton<OverviewQueries>();
        services.AddSingleton<SubmissionQueries>();
        services.AddSingleton<EntryQueries>();
        services.AddSingleton<ReviewQueries>();
        services.AddSingleton<ReviewMarking>();
        services.AddSingleton<Periods.PeriodAdmin>();
        services.AddSingleton<Periods.ReportingCalendar>();
        services.AddSingleton<Access.AuditQueries>();
        services.AddSingleton<Indicators.CatalogueAdmin>();
        services.AddSingleton<Rules.RuleAdmin>();
        services.AddSingleton<Organisations.OrganisationAdmin>();
        services.AddSingleton<Cycle.MailSender>();
        services.AddSingleton<Cycle.Notifier>();
        services.AddSingleton<Cycle.Inbox>();
        services.AddSingleton<Cycle.Reminders>();
        services.AddSingleton<Cycle.MonthReviews>();
        services.AddSingleton<Cycle.TodoQueries>();
        services.AddSingleton<Cycle.BulletinQueries>();
        services.AddSingleton<Cycle.BulletinMailing>();
        services.AddSingleton<Assessment.Targets>();
        services.AddSingleton<Assessment.Standards>();
        services.AddSingleton<Assessment.ReportingQuality>();
        services.AddSingleton<Assessment.Assessments>();
        return services;
    }
}
