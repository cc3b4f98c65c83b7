using System.Collections.Immutable;
using QiSdk.Records;

namespace QiSdk.Indicators;

/// <summary>
/// A condition a rule tests on one patient at the reference date R. The kinds are closed (sealed records below);
/// build them with <see cref="Criteria"/> or read them from JSON. Each kind's JSON form is in <c>docs/indicator-format.md</c>.
/// </summary>
public abstract record Criterion
{
    private protected Criterion()
    {
    }
}

/// <summary>Every item holds (JSON <c>"all": [...]</c>). Empty is true.</summary>
/// <param name="Items">The items.</param>
public sealed record AllCriterion(ImmutableArray<Criterion> Items) : Criterion;

/// <summary>At least one item holds (JSON <c>"any": [...]</c>). Empty is false.</summary>
/// <param name="Items">The items.</param>
public sealed record AnyCriterion(ImmutableArray<Criterion> Items) : Criterion;

/// <summary>The item does not hold (JSON <c>"not": {...}</c>).</summary>
/// <param name="Item">The negated criterion.</param>
public sealed record NotCriterion(Criterion Item) : Criterion;

/// <summary>
/// The population base (JSON <c>"populationBase": true</c>): has a birth date, <c>Patient.active</c> is not false, and
/// alive at R (not <c>deceasedBoolean: true</c>, no <c>deceasedDateTime</c> on or before R).
/// </summary>
public sealed record PopulationBaseCriterion : Criterion;

/// <summary>
/// Age in completed years at R (or, with <see cref="At"/>, at the period start) is in range (JSON <c>"age": {"atLeast": 17}</c>,
/// <c>"age": {"atLeast": 20, "at": "periodStart"}</c>). False without a birth date.
/// </summary>
/// <param name="Range">The bounds.</param>
public sealed record AgeCriterion(ValueRange Range) : Criterion
{
    /// <summary>When the age is taken: at R, the period end (the default), or at the period start (needs a period start).</summary>
    public AgeAt At { get; init; }
}

/// <summary>When an <see cref="AgeCriterion"/> takes the age.</summary>
public enum AgeAt
{
    /// <summary>At R, the end of the period (JSON <c>"periodEnd"</c>, the default).</summary>
    PeriodEnd,

    /// <summary>At the period start (JSON <c>"periodStart"</c>).</summary>
    PeriodStart,
}

/// <summary>
/// At least one event matches the query among the events recorded as NOT done (JSON <c>"notDone": {query}</c>): a
/// MedicationRequest or ServiceRequest with <c>doNotPerform: true</c>, a Procedure or Immunization with status
/// <c>not-done</c>, a MedicationStatement with status <c>not-taken</c>. With <see cref="EventFilter.ReasonCodeSets"/> this
/// is "not done for a reason in these sets" (a medical-reason exception). Such events never match any other criterion.
/// </summary>
/// <param name="Query">The events (their code, date, type and filter).</param>
public sealed record NotDoneCriterion(EventQuery Query) : Criterion;

/// <summary><c>Patient.gender</c> is one of these (JSON <c>"sex": ["female"]</c>).</summary>
/// <param name="Sexes">Accepted values.</param>
public sealed record SexCriterion(ImmutableArray<AdministrativeGender> Sexes) : Criterion;

/// <summary>
/// On a register at R (JSON <c>"register": {"codeSets": [...], "resolvedBy": [...]}</c>): the latest register code on or
/// before R has no resolution code dated after it (a resolution on the same day keeps the patient on).
/// </summary>
/// <param name="CodeSets">Register code sets (e.g. <c>DM_COD</c>).</param>
/// <param name="ResolvedBy">Resolution code sets (e.g. <c>DMRES_COD</c>); may be empty.</param>
public sealed record RegisterCriterion(ImmutableArray<string> CodeSets, ImmutableArray<string> ResolvedBy) : Criterion;

/// <summary>At least one event matches the query (JSON <c>"exists": {query}</c>).</summary>
/// <param name="Query">The events.</param>
public sealed record ExistsCriterion(EventQuery Query) : Criterion;

/// <summary>
/// The number of matching events, or of distinct dates, is in range (JSON <c>"count": {query, "distinct": "dates",
/// "minDaysApart": 7, "atLeast": 2}</c>). With <see cref="MinDaysApart"/> &gt; 0 the count is of dates at least that many
/// days apart (counted greedily from the earliest, which gives the largest such set).
/// </summary>
/// <param name="Query">The events.</param>
/// <param name="Distinct">Count events or distinct dates.</param>
/// <param name="MinDaysApart">Minimum spacing between counted dates (0 = none; implies distinct dates when &gt; 0).</param>
/// <param name="Range">The bounds on the count.</param>
public sealed record CountCriterion(EventQuery Query, CountDistinct Distinct, int MinDaysApart, ValueRange Range) : Criterion;

/// <summary>
/// The earliest (or latest) matching event exists and, when given, is dated within <see cref="DateWithin"/> and/or is in
/// one of <see cref="InCodeSets"/> (JSON <c>"earliest": {query, "dateWithin": {"months": 9}}</c>,
/// <c>"latest": {query, "inCodeSets": [...]}</c>). When several events share the selected date, the
/// <see cref="InCodeSets"/> test holds if any of them is in those sets.
/// </summary>
/// <param name="Pick">Earliest or latest.</param>
/// <param name="Query">The events the earliest or latest is chosen from.</param>
/// <param name="DateWithin">Window the chosen event's date must fall in; null for no test.</param>
/// <param name="InCodeSets">Code sets the chosen event must be in; empty for no test.</param>
public sealed record EventPickCriterion(EventPick Pick, EventQuery Query, EventWindow? DateWithin, ImmutableArray<string> InCodeSets) : Criterion;

/// <summary>
/// A reading of a measurement, chosen by <see cref="Pick"/> within <see cref="Window"/>, has a value in range after unit
/// normalisation (JSON <c>"reading": {"measurement": "hba1c", "window": {"months": 12}, "atMost": 58}</c>). False when
/// there is no reading. Latest: the latest date, and the lowest value among readings on that date.
/// </summary>
/// <param name="Measurement">Measurement name (from the definition's measurements).</param>
/// <param name="Window">Which reading dates count.</param>
/// <param name="Pick">Which reading is compared (latest by default).</param>
/// <param name="Range">The bounds on the value, in the measurement's unit.</param>
public sealed record ReadingCriterion(string Measurement, EventWindow Window, ReadingPick Pick, ValueRange Range) : Criterion
{
    /// <summary>Statuses and encounter context the readings must have (e.g. final observations not taken in an emergency encounter); none by default.</summary>
    public EventFilter Filter { get; init; } = EventFilter.None;

    /// <summary>
    /// Null (the default): an event of the measurement without any value is not a reading. True or false (JSON
    /// <c>"whenNoValue": true</c>): events with no value at all (no valueQuantity, valueInteger or valueCodeableConcept)
    /// take part in the choice by date, and when the chosen one has no value the criterion is this ("the most recent
    /// reading has no result"). A value that is not a quantity (a coded value) is a value: it is not a reading and is
    /// not "no result". Only with <see cref="ReadingPick.Latest"/> or <see cref="ReadingPick.Earliest"/>.
    /// </summary>
    public bool? WhenNoValue { get; init; }

    /// <summary>
    /// Comparators that make the chosen reading fail (JSON <c>"excludeComparators": ["&gt;", "&gt;=", "~", "&lt;1"]</c>):
    /// each is <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> or <c>~</c>, optionally followed by the one value it
    /// applies to. The reading is chosen first (so a latest "&gt;90" is not passed over for an older value), then
    /// excluded. Needs a measurement with <see cref="MeasurementDefinition.KeepComparators"/>. Empty by default.
    /// </summary>
    public ImmutableArray<string> ExcludeComparators { get; init; } = [];
}

/// <summary>
/// Compares the dates of two chosen events (JSON <c>"compareDates": {"left": {"latest": {query}}, "relation": "after",
/// "right": {"latest": {query}}, "whenRightMissing": true}</c>). False when the left event is missing.
/// </summary>
/// <param name="Left">Left operand.</param>
/// <param name="Relation">How left relates to right.</param>
/// <param name="Right">Right operand.</param>
/// <param name="WhenRightMissing">The result when the right event is missing.</param>
public sealed record DateComparisonCriterion(DateOperand Left, DateRelation Relation, DateOperand Right, bool WhenRightMissing) : Criterion;

/// <summary>
/// A weighted score (e.g. CHA2DS2-VASc): the sum of the weights of items whose condition holds is in range
/// (JSON <c>"score": {"items": [{"weight": 1, "when": {...}}], "atLeast": 2}</c>).
/// </summary>
/// <param name="Items">The weighted items.</param>
/// <param name="Range">The bounds on the sum.</param>
public sealed record ScoreCriterion(ImmutableArray<ScoreItem> Items, ValueRange Range) : Criterion;

/// <summary>
/// Two events, one matching each query, dated less than <see cref="LessThanDaysApart"/> days apart (JSON <c>"together":
/// {"first": {query}, "second": {query}, "lessThanDaysApart": 28}</c>): co-prescription in the PINCER sense. The same event
/// may match both queries (a combination product in both lists), which counts as 0 days apart.
/// </summary>
/// <param name="First">The first drug's (or event's) query.</param>
/// <param name="Second">The second query.</param>
/// <param name="LessThanDaysApart">The dates must differ by fewer than this many days (positive; 1 = the same day).</param>
public sealed record TogetherCriterion(EventQuery First, EventQuery Second, int LessThanDaysApart) : Criterion;

/// <summary>
/// An anchor event with companion events dated relative to it (JSON <c>"anchored": {"anchor": {query}, "with":
/// [{"query": {query}, "before": {"months": 1}}]}</c>): holds when some event matching <see cref="Anchor"/> has, for every
/// companion, an event matching the companion's query dated in the companion's <see cref="AnchoredCompanion.Before"/>
/// window taken back from the anchor's date instead of from R (<c>anchor - n &lt; date &lt;= anchor</c>; <c>{"days": 1}</c> is
/// the anchor's own day). QOF AST007: an asthma review with a written plan on the same day and an exacerbation count in the
/// month up to the review. Companion queries keep their own window relative to R (default ever).
/// </summary>
/// <param name="Anchor">The anchor events (e.g. the reviews in the last 12 months).</param>
/// <param name="With">The companions; every one must be found for the same anchor event.</param>
public sealed record AnchoredCriterion(EventQuery Anchor, ImmutableArray<AnchoredCompanion> With) : Criterion;

/// <summary>One companion of an <see cref="AnchoredCriterion"/>.</summary>
/// <param name="Query">The companion events.</param>
/// <param name="Before">Days or months back from the anchor's date (<c>anchor - n &lt; date &lt;= anchor</c>).</param>
public sealed record AnchoredCompanion(EventQuery Query, EventWindow Before);

/// <summary>One item of a <see cref="ScoreCriterion"/>.</summary>
/// <param name="Weight">Added to the score when <paramref name="When"/> holds.</param>
/// <param name="When">The condition.</param>
/// <param name="Name">Optional label for explanations.</param>
public sealed record ScoreItem(decimal Weight, Criterion When, string? Name = null);

/// <summary>An event chosen for a date comparison: the earliest or latest event matching a query.</summary>
/// <param name="Pick">Earliest or latest.</param>
/// <param name="Query">The events.</param>
public sealed record DateOperand(EventPick Pick, EventQuery Query);

/// <summary>Earliest or latest.</summary>
public enum EventPick
{
    /// <summary>The event with the earliest date.</summary>
    Earliest,

    /// <summary>The event with the latest date.</summary>
    Latest,
}

/// <summary>Which reading a <see cref="ReadingCriterion"/> compares.</summary>
public enum ReadingPick
{
    /// <summary>The latest date; the lowest value among readings on that date.</summary>
    Latest,

    /// <summary>The earliest date; the lowest value among readings on that date.</summary>
    Earliest,

    /// <summary>The lowest value in the window.</summary>
    Lowest,

    /// <summary>The highest value in the window.</summary>
    Highest,
}

/// <summary>What a <see cref="CountCriterion"/> counts.</summary>
public enum CountDistinct
{
    /// <summary>Matching events.</summary>
    Events,

    /// <summary>Distinct calendar dates of matching events.</summary>
    Dates,
}

/// <summary>How the left date relates to the right date.</summary>
public enum DateRelation
{
    /// <summary>Left &gt; right.</summary>
    After,

    /// <summary>Left &gt;= right.</summary>
    OnOrAfter,

    /// <summary>Left &lt; right.</summary>
    Before,

    /// <summary>Left &lt;= right.</summary>
    OnOrBefore,

    /// <summary>Same calendar date.</summary>
    SameDay,
}
