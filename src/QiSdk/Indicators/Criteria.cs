using System.Collections.Immutable;
using QiSdk.Records;

namespace QiSdk.Indicators;

/// <summary>Factory methods for <see cref="Criterion"/> values, for use with <see cref="IndicatorBuilder"/>.</summary>
public static class Criteria
{
    /// <summary>Every item holds.</summary>
    /// <param name="items">The items.</param>
    public static Criterion All(params Criterion[] items) => new AllCriterion([.. items]);

    /// <summary>At least one item holds.</summary>
    /// <param name="items">The items.</param>
    public static Criterion Any(params Criterion[] items) => new AnyCriterion([.. items]);

    /// <summary>The item does not hold.</summary>
    /// <param name="item">The item.</param>
    public static Criterion Not(Criterion item) => new NotCriterion(item);

    /// <summary>Has a birth date, not inactive, alive at R.</summary>
    public static Criterion PopulationBase() => new PopulationBaseCriterion();

    /// <summary>Age at R in completed years within the bounds given.</summary>
    /// <param name="atLeast">Minimum age (inclusive).</param>
    /// <param name="atMost">Maximum age (inclusive).</param>
    public static Criterion Age(int? atLeast = null, int? atMost = null) => new AgeCriterion(new ValueRange(atLeast, atMost));

    /// <summary>Patient gender is one of these.</summary>
    /// <param name="sexes">Accepted values.</param>
    public static Criterion Sex(params AdministrativeGender[] sexes) => new SexCriterion([.. sexes]);

    /// <summary>On the register at R.</summary>
    /// <param name="codeSet">The register code set.</param>
    /// <param name="resolvedBy">Resolution code sets.</param>
    public static Criterion Register(string codeSet, params string[] resolvedBy) => new RegisterCriterion([codeSet], [.. resolvedBy]);

    /// <summary>A query over events in the named code sets (any date on or before R until narrowed).</summary>
    /// <param name="codeSets">Code set names.</param>
    public static EventQuery Events(params string[] codeSets) => new() { CodeSets = [.. codeSets] };

    /// <summary>At least one event matches.</summary>
    /// <param name="query">The events.</param>
    public static Criterion Exists(EventQuery query) => new ExistsCriterion(query);

    /// <summary>At least one event matches among those recorded as not done (doNotPerform, not-done, not-taken).</summary>
    /// <param name="query">The events, usually with <see cref="EventFilter.ReasonCodeSets"/>.</param>
    public static Criterion NotDone(EventQuery query) => new NotDoneCriterion(query);

    /// <summary>Narrows a query by status, intent, coded value, reason or encounter.</summary>
    /// <param name="query">The query.</param>
    /// <param name="filter">The filter.</param>
    public static EventQuery Where(this EventQuery query, EventFilter filter)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query with { Filter = filter };
    }

    /// <summary>The number of matching events is in range.</summary>
    /// <param name="query">The events.</param>
    /// <param name="atLeast">Minimum count.</param>
    /// <param name="atMost">Maximum count.</param>
    public static Criterion CountEvents(EventQuery query, int? atLeast = null, int? atMost = null) =>
        new CountCriterion(query, CountDistinct.Events, 0, new ValueRange(atLeast, atMost));

    /// <summary>The number of distinct dates (at least <paramref name="minDaysApart"/> days apart) is in range.</summary>
    /// <param name="query">The events.</param>
    /// <param name="atLeast">Minimum count.</param>
    /// <param name="minDaysApart">Minimum spacing between counted dates; 0 for none.</param>
    /// <param name="atMost">Maximum count.</param>
    public static Criterion CountDates(EventQuery query, int? atLeast = null, int minDaysApart = 0, int? atMost = null) =>
        new CountCriterion(query, CountDistinct.Dates, minDaysApart, new ValueRange(atLeast, atMost));

    /// <summary>The earliest matching event exists and is dated within <paramref name="dateWithin"/>.</summary>
    /// <param name="query">The events (usually ever).</param>
    /// <param name="dateWithin">Where its date must fall; null for no test.</param>
    public static Criterion Earliest(EventQuery query, EventWindow? dateWithin = null) => new EventPickCriterion(EventPick.Earliest, query, dateWithin, []);

    /// <summary>The latest matching event exists and is in one of <paramref name="inCodeSets"/>.</summary>
    /// <param name="query">The events.</param>
    /// <param name="inCodeSets">Code sets the latest event must be in.</param>
    public static Criterion LatestIsIn(EventQuery query, params string[] inCodeSets) => new EventPickCriterion(EventPick.Latest, query, null, [.. inCodeSets]);

    /// <summary>The latest reading of a measurement within the window is in range.</summary>
    /// <param name="measurement">Measurement name.</param>
    /// <param name="window">Reading dates that count.</param>
    /// <param name="range">Bounds on the value.</param>
    public static Criterion LatestReading(string measurement, EventWindow window, ValueRange range) =>
        new ReadingCriterion(measurement, window, ReadingPick.Latest, range);

    /// <summary>Compares the dates of two chosen events.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="relation">Relation.</param>
    /// <param name="right">Right operand.</param>
    /// <param name="whenRightMissing">Result when the right event is missing.</param>
    public static Criterion CompareDates(DateOperand left, DateRelation relation, DateOperand right, bool whenRightMissing = false) =>
        new DateComparisonCriterion(left, relation, right, whenRightMissing);

    /// <summary>Two events, one from each query, dated less than <paramref name="lessThanDaysApart"/> days apart (co-prescription).</summary>
    /// <param name="first">First query.</param>
    /// <param name="second">Second query.</param>
    /// <param name="lessThanDaysApart">Maximum difference in days, exclusive (positive).</param>
    public static Criterion Together(EventQuery first, EventQuery second, int lessThanDaysApart) => new TogetherCriterion(first, second, lessThanDaysApart);

    /// <summary>An anchor event with every companion dated within its window back from the anchor's date.</summary>
    /// <param name="anchor">The anchor events.</param>
    /// <param name="with">The companions (query and days or months back from the anchor).</param>
    public static Criterion Anchored(EventQuery anchor, params AnchoredCompanion[] with) => new AnchoredCriterion(anchor, [.. with]);

    /// <summary>A weighted score is in range.</summary>
    /// <param name="range">Bounds on the sum.</param>
    /// <param name="items">Weighted items.</param>
    public static Criterion Score(ValueRange range, params ScoreItem[] items) => new ScoreCriterion([.. items], range);

    /// <summary>Narrows a query to a window.</summary>
    /// <param name="query">The query.</param>
    /// <param name="window">The window.</param>
    public static EventQuery Within(this EventQuery query, EventWindow window)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query with { Window = window };
    }

    /// <summary>Narrows a query to resource types.</summary>
    /// <param name="query">The query.</param>
    /// <param name="kinds">Resource types kept.</param>
    public static EventQuery OfKind(this EventQuery query, params ResourceKind[] kinds)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query with { Kinds = [.. kinds] };
    }

    /// <summary>Keeps only events recorded on or after the patient's birthday of age <paramref name="age"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="age">Age in whole years, zero or more.</param>
    public static EventQuery RecordedFromAge(this EventQuery query, int age)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(age);
        return query with { RecordedFromAge = age };
    }
}
