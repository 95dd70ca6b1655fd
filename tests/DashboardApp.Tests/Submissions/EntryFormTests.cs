using DashboardApp.Core.Organisations;
using DashboardApp.Core.Periods;
using DashboardApp.Core.Submissions;
using DashboardApp.Core.Workbooks;
using DashboardApp.Submissions;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Submissions;

/// <summary>The 在线填报 form's box-by-box reading, apart from the page: each box says what is wrong or worth a second look.</summary>
public class EntryFormTests
{
    private static readonly Organisation Unit = new() { Id = 7, Code = "D1-S1-U1", Name = "一号支部" };

    private static EntryRow Row(string code, decimal? current = null, decimal? lastYear = null) =>
        new(TestCatalogue.Get(code), current, null, null, lastYear);

    private static EntryForm Form(params EntryRow[] rows) => new(new EntrySheet(Unit, Period.Month(2026, 11), rows, false, null));

    [Fact]
    public void ABoxStartsWithTheValueAlreadyReportedAndADraftFillsOnlyBoxesTheFormHas()
    {
        var form = Form(Row("STUDY_SESSIONS", current: 4), Row("PARTY_LECTURES"));
        Assert.Equal(("4", ""), (form.Texts["STUDY_SESSIONS"], form.Texts["PARTY_LECTURES"]));

        form.Restore(new Dictionary<string, string> { ["PARTY_LECTURES"] = "2", ["GONE"] = "9" }, new Dictionary<string, string> { ["STUDY_SESSIONS"] = "线上" });

        Assert.Equal(["STUDY_SESSIONS", "PARTY_LECTURES"], form.Texts.Keys);
        Assert.Equal([new EntryField("STUDY_SESSIONS", "4", "线上"), new EntryField("PARTY_LECTURES", "2", "")], form.Entry().Fields);
        Assert.Equal(("D1-S1-U1", "2026-11"), (form.Entry().UnitCode, form.Entry().Period));
    }

    [Fact]
    public void EachBoxIsReadAsAWorkbookCellWouldBeBeforeAnythingIsSent()
    {
        var (study, lectures, days) = (Row("STUDY_SESSIONS"), Row("PARTY_LECTURES"), Row("THEME_PARTY_DAYS"));
        var form = Form(study, lectures, days);
        form.Texts["STUDY_SESSIONS"] = "很多";
        form.Texts["PARTY_LECTURES"] = "约3";
        form.Texts["THEME_PARTY_DAYS"] = "2";

        Assert.NotNull(form.ProblemOf(study));
        Assert.Null(form.ProblemOf(lectures));
        Assert.Contains("3", form.CheckOf(lectures));
        Assert.Null(form.ProblemOf(days));
        Assert.Null(form.CheckOf(days));
    }

    [Fact]
    public void TheChecksAnswerShowsByEveryBoxItNamesAndNeverByAnotherWithTheSameNameInAWorkbook()
    {
        var (volunteers, hours, study) = (Row("VOLUNTEERS"), Row("VOLUNTEER_HOURS"), Row("STUDY_SESSIONS"));
        var form = Form(volunteers, hours, study);
        form.Texts["VOLUNTEERS"] = "10";
        form.Texts["VOLUNTEER_HOURS"] = "1000";
        // A rule relating two values names both fields; a workbook's problem at a cell is not a form field's.
        form.Report = new ImportReport("在线填报_D1-S1-U1_2026-11.json", ImportStatus.Refused, [],
            [new ImportProblem(Provenance.Form, "志愿服务时长、志愿服务参与人次", "RULE", "志愿服务时长不应超过参与人次的 24 倍"),
             new ImportProblem("月报表", "集中学习研讨次数", "X", "不应出现")], []);

        Assert.Equal("志愿服务时长不应超过参与人次的 24 倍", form.ProblemOf(volunteers));
        Assert.Equal("志愿服务时长不应超过参与人次的 24 倍", form.ProblemOf(hours));
        Assert.Null(form.ProblemOf(study));
    }

    [Fact]
    public void AValueFarFromLastYearIsCheckedBesideItsBoxAndConfirmedBeforeStoring()
    {
        var hours = Row("VOLUNTEER_HOURS", lastYear: 167.1m);
        var form = Form(hours, Row("STUDY_SESSIONS", lastYear: 4));
        form.Texts["VOLUNTEER_HOURS"] = "5000";
        form.Texts["STUDY_SESSIONS"] = "5";
        var accepted = new ImportReport("x.json", ImportStatus.Accepted, [], [],
            [new ImportProblem(Provenance.Form, "集中学习研讨次数", "NOTE", "请核对")]);

        Assert.Equal("本月 5,000小时，是去年同月（167.1）的 29.9 倍，请核对", form.CheckOf(hours));
        Assert.Equal(["“集中学习研讨次数”：请核对", "“志愿服务时长”本月 5,000小时，是去年同月（167.1）的 29.9 倍"], form.Confirmations(accepted));
    }
}
