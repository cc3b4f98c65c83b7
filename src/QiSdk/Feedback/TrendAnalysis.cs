using System.Collections.Immutable;
using System.Globalization;
using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Feedback;

/// <summary>
/// Time series for PDSA cycles: evaluates indicators at a series of reference dates over records read once, then
/// reads each series as a run chart (median; NHS "Making Data Count" rules: a shift of 7 or more points on one side of
/// the median, a trend of 7 or more points all increasing or all decreasing, too few or too many runs) and as a p-chart
/// (centre line = pooled proportion, 3-sigma limits per point for its own denominator; a point outside is special cause).
/// </summary>
public static class TrendAnalysis
{
    /// <summary>Points in a shift or trend (7, as in "Making Data Count").</summary>
    public const int RunRuleLength = 7;

    /// <summary>
    /// Month ends from <paramref name="from"/> to <paramref name="to"/> inclusive: the last day of each month
    /// (when <paramref name="from"/> is a month end) or the same day of each month (clamped to the month's length).
    /// </summary>
    /// <param name="from">The first reference date.</param>
    /// <param name="to">The last reference date (inclusive).</param>
    /// <param name="everyMonths">Months between dates (default 1).</param>
    /// <exception cref="FeedbackException"><paramref name="to"/> before <paramref name="from"/>, or step not positive (QI5106).</exception>
    public static ImmutableArray<DateOnly> Dates(DateOnly from, DateOnly to, int everyMonths = 1)
    {
        if (to < from || everyMonths <= 0)
        {
            throw new FeedbackException(FeedbackErrors.InvalidArgument, $"dates {from:yyyy-MM-dd}..{to:yyyy-MM-dd} every {everyMonths} month(s): the end must not be before the start and the step must be positive.");
        }

        bool monthEnd = from.Day == DateTime.DaysInMonth(from.Year, from.Month);
        var dates = ImmutableArray.CreateBuilder<DateOnly>();
        for (int i = 0; ; i += everyMonths)
        {
            var month = new DateOnly(from.Year, from.Month, 1).AddMonths(i);
            int day = monthEnd ? DateTime.DaysInMonth(month.Year, month.Month) : Math.Min(from.Day, DateTime.DaysInMonth(month.Year, month.Month));
            var date = new DateOnly(month.Year, month.Month, day);
            if (date > to)
            {
                break;
            }

            dates.Add(date);
        }

        return dates.ToImmutable();
    }

    /// <summary>
    /// Evaluates <paramref name="definitions"/> at every date over <paramref name="patients"/>, which are read once
    /// (held in memory) and evaluated by the indicators compiled for each date.
    /// </summary>
    /// <param name="pipeline">The composed pipeline (terminology, catalogue, engines).</param>
    /// <param name="definitions">The indicators.</param>
    /// <param name="patients">The practice's patients, already read.</param>
    /// <param name="dates">Reference dates, oldest first (see <see cref="Dates"/>).</param>
    /// <param name="log">Where data-quality problems go.</param>
    /// <param name="cancellationToken">Stops between dates.</param>
    /// <exception cref="FeedbackException">No dates (QI5106).</exception>
    public static TrendReport Evaluate(QualityPipeline pipeline, IReadOnlyList<IndicatorDefinition> definitions, IReadOnlyList<PatientRecord> patients, IReadOnlyList<DateOnly> dates, DataQualityLog log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return Evaluate(period => pipeline.Compile(definitions, period), definitions, patients, dates, log, cancellationToken);
    }

    /// <summary>As <see cref="Evaluate(QualityPipeline, IReadOnlyList{IndicatorDefinition}, IReadOnlyList{PatientRecord}, IReadOnlyList{DateOnly}, DataQualityLog, CancellationToken)"/>, with an engine built by the host.</summary>
    /// <param name="engine">The engine (terminology and options).</param>
    /// <param name="definitions">The indicators.</param>
    /// <param name="patients">The practice's patients, already read.</param>
    /// <param name="dates">Reference dates, oldest first.</param>
    /// <param name="log">Where data-quality problems go.</param>
    /// <param name="cancellationToken">Stops between dates.</param>
    /// <exception cref="FeedbackException">No dates (QI5106).</exception>
    public static TrendReport Evaluate(IndicatorEngine engine, IReadOnlyList<IndicatorDefinition> definitions, IReadOnlyList<PatientRecord> patients, IReadOnlyList<DateOnly> dates, DataQualityLog log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Evaluate(period => engine.Compile(definitions, period), definitions, patients, dates, log, cancellationToken);
    }

    private static TrendReport Evaluate(Func<MeasurementPeriod, CompiledIndicatorSet> compile, IReadOnlyList<IndicatorDefinition> definitions, IReadOnlyList<PatientRecord> patients, IReadOnlyList<DateOnly> dates, DataQualityLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(log);
        if (dates.Count == 0)
        {
            throw new FeedbackException(FeedbackErrors.InvalidArgument, "no reference dates to evaluate.");
        }

        var ordered = dates.Distinct().Order().ToImmutableArray();
        var series = definitions.Select(_ => new List<IndicatorSummary>()).ToList();
        foreach (var date in ordered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var results = compile(new MeasurementPeriod(date)).Evaluate(patients, log, cancellationToken: cancellationToken);
            for (int i = 0; i < results.Length; i++)
            {
                series[i].Add(results[i].Summary);
            }
        }

        var trends = definitions.Select((d, i) => Analyse(d.Id, d.Title, d.Direction, [.. series[i].Select(s => (s.PeriodEnd, s.Counts))])).ToImmutableArray();
        return new TrendReport(ordered, trends, ResourceFreshness.Of(patients), patients.Count);
    }

    /// <summary>Reads one series as a run chart and a p-chart.</summary>
    /// <param name="indicatorId">The indicator id.</param>
    /// <param name="title">Its title.</param>
    /// <param name="direction">Which way is better.</param>
    /// <param name="series">(date, counts), oldest first.</param>
    public static IndicatorTrend Analyse(string indicatorId, string title, ImprovementDirection direction, IReadOnlyList<(DateOnly Date, PopulationCounts Counts)> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        long num = 0, den = 0;
        foreach (var (_, c) in series)
        {
            if (c.EffectiveDenominator > 0)
            {
                num += c.Numerator;
                den += c.EffectiveDenominator;
            }
        }

        double? centre = den > 0 ? (double)num / den : null;
        var points = ImmutableArray.CreateBuilder<TrendPoint>();
        var pSignals = ImmutableArray.CreateBuilder<TrendSignal>();
        foreach (var (date, c) in series)
        {
            double? rate = c.Score;
            double? lo = null, hi = null;
            bool special = false;
            if (rate is { } r && centre is { } p)
            {
                double sigma = Math.Sqrt(p * (1 - p) / c.EffectiveDenominator);
                lo = Math.Max(0, p - (3 * sigma));
                hi = Math.Min(1, p + (3 * sigma));
                special = r < lo || r > hi;
                if (special)
                {
                    pSignals.Add(new TrendSignal("outside-3-sigma", date, date, string.Create(CultureInfo.InvariantCulture,
                        $"{ClusterComparer.Pct(r)} ({c.Numerator}/{c.EffectiveDenominator}) is {(r > hi ? "above" : "below")} the 3-sigma limit of {ClusterComparer.Pct(r > hi ? hi.Value : lo.Value)}: special cause ({(Better(r > hi, direction) ? "improvement" : "concern")}).")));
                }
            }

            points.Add(new TrendPoint(date, c, rate, c.ScoreInterval95, lo, hi, special));
        }

        var built = points.ToImmutable();
        return new IndicatorTrend
        {
            IndicatorId = indicatorId,
            Title = title,
            Direction = direction,
            Points = built,
            RunChart = RunRules([.. built.Where(p => p.Rate is not null).Select(p => (p.Date, p.Rate!.Value))], direction),
            CentreLine = centre,
            PChartSignals = pSignals.ToImmutable(),
        };
    }

    /// <summary>
    /// The run-chart rules over (date, value) points. Points on the median neither count towards nor break a shift,
    /// and are not useful observations for runs. In a trend, a point equal to the one before neither adds nor breaks it
    /// (as "Making Data Count" says); the trend's length counts distinct consecutive values. Too few / too many runs
    /// use the exact Swed-Eisenhart distribution of the number of runs given the counts above and below the median
    /// (the distribution behind the published run-chart tables), each tail at 2.5%, for 10 or more useful observations.
    /// </summary>
    /// <param name="points">(date, value), oldest first.</param>
    /// <param name="direction">Which way is better (for the wording).</param>
    public static RunChart RunRules(IReadOnlyList<(DateOnly Date, double Value)> points, ImprovementDirection direction)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return new RunChart(null, 0, 0, null, null, []);
        }

        var sorted = points.Select(p => p.Value).Order().ToArray();
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        var signals = ImmutableArray.CreateBuilder<TrendSignal>();
        const double eps = 1e-12;

        // Shifts and runs: sides of the median, points on it skipped.
        var useful = points.Where(p => Math.Abs(p.Value - median) > eps).Select(p => (p.Date, Above: p.Value > median)).ToList();
        int runs = 0;
        for (int i = 0; i < useful.Count;)
        {
            int j = i;
            while (j + 1 < useful.Count && useful[j + 1].Above == useful[i].Above)
            {
                j++;
            }

            runs++;
            int length = j - i + 1;
            if (length >= RunRuleLength)
            {
                bool above = useful[i].Above;
                signals.Add(new TrendSignal("shift", useful[i].Date, useful[j].Date, $"{length} points {(above ? "above" : "below")} the median ({(Better(above, direction) ? "improvement" : "concern")})."));
            }

            i = j + 1;
        }

        // Trends: maximal strictly monotone sequences over distinct consecutive values.
        var distinct = new List<(DateOnly Date, double Value)>();
        foreach (var p in points)
        {
            if (distinct.Count == 0 || Math.Abs(distinct[^1].Value - p.Value) > eps)
            {
                distinct.Add(p);
            }
        }

        for (int i = 0; i + 1 < distinct.Count;)
        {
            int sign = Math.Sign(distinct[i + 1].Value - distinct[i].Value);
            int j = i + 1;
            while (j + 1 < distinct.Count && Math.Sign(distinct[j + 1].Value - distinct[j].Value) == sign)
            {
                j++;
            }

            int length = j - i + 1;
            if (length >= RunRuleLength)
            {
                bool up = sign > 0;
                signals.Add(new TrendSignal("trend", distinct[i].Date, distinct[j].Date, $"{length} points {(up ? "increasing" : "decreasing")} ({(Better(up, direction) ? "improvement" : "concern")})."));
            }

            i = j;
        }

        int? fewest = null, most = null;
        int n1 = useful.Count(u => u.Above), n2 = useful.Count - n1;
        if (useful.Count >= 10 && n1 > 0 && n2 > 0)
        {
            (fewest, most) = RunsLimits(n1, n2, 0.025);
            if (runs < fewest)
            {
                signals.Add(new TrendSignal("too-few-runs", useful[0].Date, useful[^1].Date, $"{runs} runs in {useful.Count} useful observations; fewer than {fewest} is unlikely by chance (a shift in the process)."));
            }
            else if (runs > most)
            {
                signals.Add(new TrendSignal("too-many-runs", useful[0].Date, useful[^1].Date, $"{runs} runs in {useful.Count} useful observations; more than {most} is unlikely by chance (alternating data: check sampling or stratification)."));
            }
        }

        return new RunChart(median, useful.Count, runs, fewest, most, signals.ToImmutable());
    }

    /// <summary>
    /// Limits on the number of runs under the exact Swed-Eisenhart distribution for n1 points above and n2 below the
    /// median in random order: fewer than Fewest runs has probability at most alpha, and so does more than Most.
    /// </summary>
    internal static (int Fewest, int Most) RunsLimits(int n1, int n2, double alpha)
    {
        var p = RunsDistribution(n1, n2);
        int fewest = 2;
        double cumulative = 0;
        for (int r = 2; r < p.Length; r++)
        {
            if (cumulative + p[r] > alpha)
            {
                fewest = r;
                break;
            }

            cumulative += p[r];
        }

        int most = p.Length - 1;
        double upper = 0;
        for (int r = p.Length - 1; r >= 2; r--)
        {
            if (upper + p[r] > alpha)
            {
                most = r;
                break;
            }

            upper += p[r];
        }

        return (fewest, most);
    }

    /// <summary>P(R = r) for r = 0..n1+n2 (Swed and Eisenhart 1943), from binomial coefficients in log space.</summary>
    internal static double[] RunsDistribution(int n1, int n2)
    {
        int n = n1 + n2;
        var p = new double[n + 1];
        double total = LogChoose(n, n1);
        for (int r = 2; r <= n; r++)
        {
            double value;
            if (r % 2 == 0)
            {
                int k = r / 2;
                value = k - 1 <= n1 - 1 && k - 1 <= n2 - 1 ? Math.Log(2) + LogChoose(n1 - 1, k - 1) + LogChoose(n2 - 1, k - 1) - total : double.NegativeInfinity;
                p[r] = Math.Exp(value);
            }
            else
            {
                int k = (r - 1) / 2;
                double a = k <= n1 - 1 && k - 1 <= n2 - 1 && k >= 1 ? Math.Exp(LogChoose(n1 - 1, k) + LogChoose(n2 - 1, k - 1) - total) : 0;
                double b = k - 1 <= n1 - 1 && k <= n2 - 1 && k >= 1 ? Math.Exp(LogChoose(n1 - 1, k - 1) + LogChoose(n2 - 1, k) - total) : 0;
                p[r] = a + b;
            }
        }

        return p;
    }

    private static double LogChoose(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return double.NegativeInfinity;
        }

        double sum = 0;
        for (int i = 1; i <= k; i++)
        {
            sum += Math.Log(n - k + i) - Math.Log(i);
        }

        return sum;
    }

    private static bool Better(bool upwards, ImprovementDirection direction) => upwards == (direction == ImprovementDirection.Increase);
}
