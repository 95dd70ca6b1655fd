using DashboardApp.Core.Assessment;
using DashboardApp.Tests.Support;

namespace DashboardApp.Tests.Assessment;

/// <summary>The arithmetic of 目标考核 and the checks on a 考核细则, apart from any database.</summary>
public class ScoringTests
{
    [Fact]
    public void CompletionIsValueOverTargetAndReadsAsBehindTheYear()
    {
        Assert.Equal(0.58m, Scoring.Completion(29, 50));
        Assert.Null(Scoring.Completion(29, 0));
        Assert.Null(Scoring.Completion(null, 50));
        Assert.Equal(10 / 12m, Scoring.TimeProgress(10));
        Assert.True(Scoring.Behind(0.58m, Scoring.TimeProgress(10)));
        Assert.False(Scoring.Behind(1.05m, Scoring.TimeProgress(12)));
        Assert.False(Scoring.Behind(null, Scoring.TimeProgress(3)));
    }

    [Fact]
    public void EachMethodScoresWithinItsPoints()
    {
        Assert.Equal(23.2m, Scoring.ByCompletion(40, 0.58m));
        Assert.Equal(40m, Scoring.ByCompletion(40, 1.05m));
        Assert.Equal(0m, Scoring.ByCompletion(40, null));
        Assert.Equal(18m, Scoring.ByRate(20, 0.9m));
        Assert.Equal([60m, 57m, 54m, 54m, 0m], new int?[] { 1, 2, 3, 9, null }.Select(r => Scoring.ByRank([60, 57, 54], r)));
        var deductions = new QualityDeductions(2, 1, 0.5m);
        Assert.Equal(6.5m, Scoring.ByQuality(10, deductions, sentBack: 1, corrections: 1, changedAfterVerified: 1));
        Assert.Equal(0m, Scoring.ByQuality(10, deductions, sentBack: 9, corrections: 0, changedAfterVerified: 0));
    }

    [Fact]
    public void EqualScoresShareARankAndGradesGoByScoreOrByQuota()
    {
        decimal[] scores = [95, 88, 88, 70, 59, 91, 80, 75, 66, 85];
        Assert.Equal([1, 3, 3, 8, 10, 2, 6, 7, 9, 5], Scoring.Ranks(scores));
        // 五星 for the top 10 % (one of ten), then by score.
        var grades = Scoring.Grades(scores, [new SchemeGrade("五星", TopShare: 0.1m), new SchemeGrade("四星", Min: 85), new SchemeGrade("三星", Min: 60)]);
        Assert.Equal(["五星", "四星", "四星", "三星", null, "四星", "三星", "三星", "三星", "四星"], grades);
    }

    [Fact]
    public void ASchemeOfTheIssuesShapeIsReadAndOneNamingWhatDoesNotExistIsRefusedWithTheReason()
    {
        const string good = """
            {"year": 2025, "name": "2025年度党建工作目标考核", "items": [
              {"name": "发展党员计划完成率", "points": 40, "method": "completion", "indicator": "NEW_MEMBERS"},
              {"name": "学习研讨达标", "points": 20, "method": "standard", "indicator": "STUDY_SESSIONS"},
              {"name": "按时报送", "points": 10, "method": "timeliness"},
              {"name": "报送质量", "points": 10, "method": "quality", "deductions": {"perSentBack": 2, "perCorrection": 1, "perChangeAfterVerified": 1}},
              {"name": "志愿服务排名", "points": 10, "method": "rank", "indicator": "VOLUNTEER_HOURS", "rankPoints": [10, 9, 8]},
              {"name": "述职评议", "points": 10, "method": "manual"}],
             "grades": [{"name": "五星", "min": 90}, {"name": "四星", "min": 80}]}
            """;
        var (scheme, problems) = AssessmentScheme.Parse(good, TestCatalogue.Catalogue);
        Assert.Empty(problems);
        Assert.Equal((100m, 6, ScoringMethod.Completion), (scheme!.TotalPoints, scheme.Items.Count, scheme.Items[0].Method));

        var (_, refused) = AssessmentScheme.Parse("""
            {"year": 2025, "name": "x", "items": [
              {"name": "A", "points": 10, "method": "completion", "indicator": "NOPE"},
              {"name": "B", "points": 10, "method": "completion", "indicator": "MEMBERS_TOTAL"},
              {"name": "C", "points": 10, "method": "rank", "indicator": "STUDY_SESSIONS"}],
             "grades": [{"name": "五星"}]}
            """, TestCatalogue.Catalogue);
        Assert.Equal(["第 1 项“A”的指标“NOPE”不存在", "第 2 项“B”的指标“党员总数”取期末值，不能按完成率计分", "第 3 项“C”按名次计分，须给出各名次的得分",
            "等次“五星”须给出最低分（min）或名额比例（topShare，0—1）之一"], refused);

        var (_, method) = AssessmentScheme.Parse("""{"year": 2025, "name": "x", "items": [{"name": "A", "points": 1, "method": "lottery"}]}""",
            TestCatalogue.Catalogue);
        Assert.Contains("计分方法应为 completion", Assert.Single(method));
    }
}
