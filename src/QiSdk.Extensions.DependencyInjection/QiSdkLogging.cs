using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace QiSdk.Hosting;

/// <summary>
/// QiSdk's log categories, one per stage (<c>QiSdk.Records</c>, <c>QiSdk.Codes</c>, <c>QiSdk.Indicators</c>,
/// <c>QiSdk.Privacy</c>, <c>QiSdk.Reports</c>) plus <c>QiSdk.Hosting</c> for runs and disclosures. Every data-quality
/// issue is logged under its stage's category with the event id of its code (<c>QI2016</c> has id 2016 and name
/// <c>QI2016</c>); run events have named ids (see <see cref="QiSdkEventIds"/>). Values are structured and invariant
/// (dates ISO 8601), never formatted in the current culture.
/// </summary>
internal sealed partial class QiSdkLogging
{
    private readonly ILogger[] _stages;

    public QiSdkLogging(ILoggerFactory? factory = null)
    {
        factory ??= NullLoggerFactory.Instance;
        _stages = [.. StageNames.Select(s => factory.CreateLogger("QiSdk." + s))];
        Hosting = factory.CreateLogger("QiSdk.Hosting");
    }

    private static readonly string[] StageNames = ["Records", "Codes", "Indicators", "Privacy", "Reports"];

    /// <summary>Runs, disclosures and scheduling.</summary>
    public ILogger Hosting { get; }

    /// <summary>The category of the stage that owns a code (QI1xxx records ... QI5xxx reports); hosting for others.</summary>
    public ILogger For(string code) =>
        code.Length >= 3 && code.StartsWith("QI", StringComparison.Ordinal) && code[2] is >= '1' and <= '5' ? _stages[code[2] - '1'] : Hosting;

    /// <summary>Logs one issue under its stage, with its code as event id.</summary>
    public void Issue(DataQualityIssue issue)
    {
        var logger = For(issue.Code);
        var level = issue.Severity switch
        {
            DataQualitySeverity.Error => LogLevel.Error,
            DataQualitySeverity.Warning => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        int id = int.TryParse(issue.Code.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
        logger.Log(level, new EventId(id, issue.Code), "{Code} {Issue}", issue.Code, issue.ToString());
    }

    /// <summary>A setup problem (loading code sets, maps, definitions).</summary>
    public void SetupIssue(DataQualityIssue issue) => Issue(issue);

    /// <summary>The pipeline was built.</summary>
    public void SetupFinished(QualityPipeline pipeline) =>
        LogSetup(Hosting, pipeline.Terminology.CodeSets.Length, pipeline.Terminology.Maps.Length, pipeline.Catalogue.Definitions.Length, pipeline.SetupIssues.Length);

    /// <summary>The data-quality summary of a run: problems per code.</summary>
    public void DataQualitySummary(IReadOnlyDictionary<string, int> counts, int total)
    {
        string summary = string.Join(", ", counts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} x{p.Value}")));
        LogDataQuality(Hosting, total, summary.Length == 0 ? "none" : summary);
    }

    [LoggerMessage(EventId = QiSdkEventIds.SetupFinished, EventName = nameof(QiSdkEventIds.SetupFinished), Level = LogLevel.Information, Message = "QiSdk set up: {CodeSets} code sets, {Maps} code maps, {Indicators} indicators, {Problems} set-up problems")]
    private static partial void LogSetup(ILogger logger, int codeSets, int maps, int indicators, int problems);

    [LoggerMessage(EventId = QiSdkEventIds.DataQualitySummary, EventName = nameof(QiSdkEventIds.DataQualitySummary), Level = LogLevel.Information, Message = "QiSdk data quality: {Problems} problems ({ProblemsByCode})")]
    private static partial void LogDataQuality(ILogger logger, int problems, string problemsByCode);
}
