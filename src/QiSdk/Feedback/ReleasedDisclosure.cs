using System.Collections.Immutable;
using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Feedback;

/// <summary>One released count: its value (null when withheld) and the range of true counts it stands for.</summary>
/// <param name="Value">The released value; null when the cell was withheld by a privacy policy.</param>
/// <param name="Low">The smallest true count consistent with the release (equals <paramref name="Value"/> when exact).</param>
/// <param name="High">The largest true count consistent with the release (equals <paramref name="Value"/> when exact).</param>
public readonly record struct ReleasedCount(int? Value, int Low, int High)
{
    /// <summary>A withheld cell.</summary>
    public static ReleasedCount Withheld { get; } = new(null, 0, 0);

    /// <summary>An exact count.</summary>
    /// <param name="value">The count.</param>
    public static ReleasedCount Exact(int value) => new(value, value, value);

    /// <summary>True when the cell was withheld.</summary>
    public bool IsWithheld => Value is null;

    /// <summary>True when the released value was rounded (the true count is anywhere in <see cref="Low"/>..<see cref="High"/>).</summary>
    public bool IsRounded => Value is not null && Low != High;
}

/// <summary>The five population counts of one released column (total or stratum).</summary>
/// <param name="InitialPopulation">Initial population.</param>
/// <param name="Denominator">Denominator (before exclusions and exceptions).</param>
/// <param name="DenominatorExclusion">Denominator exclusions.</param>
/// <param name="DenominatorException">Denominator exceptions.</param>
/// <param name="Numerator">Numerator.</param>
public sealed record ReleasedCounts(ReleasedCount InitialPopulation, ReleasedCount Denominator, ReleasedCount DenominatorExclusion, ReleasedCount DenominatorException, ReleasedCount Numerator)
{
    /// <summary>True when a count the rate needs (denominator, exclusions, exceptions, numerator) is withheld.</summary>
    public bool IsRateWithheld => Denominator.IsWithheld || DenominatorExclusion.IsWithheld || DenominatorException.IsWithheld || Numerator.IsWithheld;

    /// <summary>True when any count the rate needs was rounded.</summary>
    public bool IsRounded => Denominator.IsRounded || DenominatorExclusion.IsRounded || DenominatorException.IsRounded || Numerator.IsRounded;

    /// <summary>The released effective denominator (denominator - exclusions - exceptions); null when withheld.</summary>
    public int? EffectiveDenominator => IsRateWithheld ? null : Denominator.Value - DenominatorExclusion.Value - DenominatorException.Value;

    /// <summary>The smallest and largest effective denominators consistent with the release (null when withheld; low at least 0).</summary>
    public (int Low, int High)? EffectiveDenominatorRange => IsRateWithheld
        ? null
        : (Math.Max(0, Denominator.Low - DenominatorExclusion.High - DenominatorException.High), Math.Max(0, Denominator.High - DenominatorExclusion.Low - DenominatorException.Low));

    /// <summary>
    /// The released rate numerator / effective denominator, 0..1; null when withheld or the denominator is zero. Rounded
    /// counts can put the numerator above the effective denominator (e.g. 10 over 15 - 10); the rate is then 1.
    /// </summary>
    public double? Rate => EffectiveDenominator is > 0 and var d && Numerator.Value is { } n ? Math.Min(1.0, (double)n / d) : null;
}

/// <summary>One stratum of a released indicator.</summary>
/// <param name="Stratifier">The stratifier, e.g. <c>sex</c>.</param>
/// <param name="Value">The stratum value, e.g. <c>female</c>.</param>
/// <param name="Counts">The released counts.</param>
public sealed record ReleasedStratum(string Stratifier, string Value, ReleasedCounts Counts);

/// <summary>One indicator as released for one reporter (practice or cluster) and period: a summary MeasureReport of a disclosure.</summary>
public sealed record ReleasedIndicator
{
    /// <summary>The indicator id.</summary>
    public required string IndicatorId { get; init; }

    /// <summary>The indicator's title (the id when the report has none).</summary>
    public required string Title { get; init; }

    /// <summary>The canonical URL (without version).</summary>
    public required string Url { get; init; }

    /// <summary>The indicator version ("" when unknown).</summary>
    public required string Version { get; init; }

    /// <summary>Process or outcome (outcome when the report does not say).</summary>
    public required IndicatorKind Kind { get; init; }

    /// <summary>Which way is better.</summary>
    public required ImprovementDirection Direction { get; init; }

    /// <summary>Period start, when given.</summary>
    public DateOnly? PeriodStart { get; init; }

    /// <summary>Period end: the reference date.</summary>
    public required DateOnly PeriodEnd { get; init; }

    /// <summary>The reporter (practice code or cluster id); null when the report names none.</summary>
    public string? Reporter { get; init; }

    /// <summary>The released counts of the whole population.</summary>
    public required ReleasedCounts Counts { get; init; }

    /// <summary>The released strata.</summary>
    public ImmutableArray<ReleasedStratum> Strata { get; init; } = [];

    /// <summary>Latest event date per resource type (the data-freshness extension); empty when the report does not carry it.</summary>
    public ImmutableArray<ResourceFreshness> Freshness { get; init; } = [];

    /// <summary>Where it was read: file and Bundle entry.</summary>
    public string Source { get; init; } = string.Empty;
}

/// <summary>A released disclosure (the <c>disclosure.json</c> of <c>qi disclose</c>) as typed objects.</summary>
/// <param name="SourceName">The file or stream name it was read from.</param>
/// <param name="Indicators">The summary MeasureReports, in file order (individual rows of extracts are not included).</param>
/// <param name="SkippedReports">Reports that are not summaries (e.g. pseudonymised rows), counted, not read.</param>
public sealed record ReleasedDisclosure(string SourceName, ImmutableArray<ReleasedIndicator> Indicators, int SkippedReports)
{
    /// <summary>The distinct reporters, sorted.</summary>
    public ImmutableArray<string> Reporters => [.. Indicators.Select(i => i.Reporter).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
