using Microsoft.Extensions.Time.Testing;

namespace QiSdk.Orleans.Tests;

/// <summary>
/// The nightly schedule's arithmetic, driven by FakeTimeProvider. The time-zone oracle is a zone built here by hand with
/// the UK's published rule (last Sunday of March 01:00 UTC forward, last Sunday of October 02:00 BST back), not the
/// machine's tz database, so the expected instants are written out independently.
/// </summary>
public sealed class NightlyScheduleTests
{
    private static readonly TimeZoneInfo UkLike = TimeZoneInfo.CreateCustomTimeZone("uk-like", TimeSpan.Zero, "UK-like", "GMT", "BST",
    [
        TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 1, 0, 0), 3, 5, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 10, 5, DayOfWeek.Sunday)),
    ]);

    private static NightlyCatalogueOptions Options(MissedNightPolicy missed = MissedNightPolicy.RunLatest, int max = 7) =>
        new() { TimeOfDay = new TimeOnly(2, 0), MissedNights = missed, MaxCatchUpNights = max };

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, TimeSpan.Zero);

    [Test]
    public void A_night_is_due_from_its_time_of_day_and_never_before_the_schedule_began()
    {
        var since = Utc(4, 1, 12);
        var o = Options();
        Assert.Multiple(() =>
        {
            Assert.That(NightlySchedule.Due(since, null, Utc(4, 1, 23, 59), o), Is.Empty, "1 April's 02:00 was before the schedule began");
            Assert.That(NightlySchedule.Due(since, null, Utc(4, 2, 1, 59), o), Is.Empty);
            Assert.That(NightlySchedule.Due(since, null, Utc(4, 2, 2), o), Is.EqualTo(new[] { new DateOnly(2025, 4, 2) }));
            Assert.That(NightlySchedule.Due(since, new DateOnly(2025, 4, 2), Utc(4, 2, 9), o), Is.Empty, "a night runs once");
            Assert.That(o.Period(new DateOnly(2025, 4, 2)).End, Is.EqualTo(new DateOnly(2025, 4, 1)), "by default a night audits up to the day before");
            Assert.That(NightlySchedule.Next(new DateOnly(2025, 4, 2), Utc(4, 2, 9), o), Is.EqualTo((new DateOnly(2025, 4, 3), Utc(4, 3, 2))));
        });
    }

    [Test]
    public void After_downtime_the_latest_night_runs_or_each_missed_night_up_to_the_limit()
    {
        var since = Utc(1, 1, 0);
        var last = new DateOnly(2025, 4, 1);
        var now = Utc(4, 5, 3);
        Assert.Multiple(() =>
        {
            Assert.That(NightlySchedule.Due(since, last, now, Options()), Is.EqualTo(new[] { new DateOnly(2025, 4, 5) }));
            Assert.That(NightlySchedule.Due(since, last, now, Options(MissedNightPolicy.RunEach)),
                Is.EqualTo(new[] { new DateOnly(2025, 4, 2), new DateOnly(2025, 4, 3), new DateOnly(2025, 4, 4), new DateOnly(2025, 4, 5) }));
            Assert.That(NightlySchedule.Due(since, last, now, Options(MissedNightPolicy.RunEach, max: 2)),
                Is.EqualTo(new[] { new DateOnly(2025, 4, 4), new DateOnly(2025, 4, 5) }));
        });
    }

    [TestCase("01:30", "2025-03-30T01:00:00Z", Description = "01:30 does not exist on 30 March: the first minute that does, 02:00 BST")]
    [TestCase("01:30", "2025-10-26T00:30:00Z", Description = "01:30 happens twice on 26 October: its first occurrence, 01:30 BST")]
    [TestCase("01:30", "2025-07-01T00:30:00Z")]
    [TestCase("01:30", "2025-12-01T01:30:00Z")]
    public void The_time_of_day_is_read_in_the_configured_zone_across_clock_changes(string time, string expected)
    {
        var at = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        var night = DateOnly.FromDateTime(at.UtcDateTime.AddHours(1));
        Assert.That(NightlySchedule.RunAt(night, TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), UkLike), Is.EqualTo(at));
    }

    [Test]
    public void Over_a_year_with_both_clock_changes_every_local_night_runs_exactly_once()
    {
        // The schedule as the reminder drives it: a check every 5 minutes of the fake clock for a year.
        var clock = new FakeTimeProvider(Utc(1, 1, 0));
        var o = new NightlyCatalogueOptions { TimeOfDay = new TimeOnly(1, 30), TimeZone = UkLike };
        var since = clock.GetUtcNow();
        DateOnly? last = null;
        var runs = new List<(DateOnly Night, DateTimeOffset At)>();
        while (clock.GetUtcNow() < Utc(12, 31, 12))
        {
            foreach (var night in NightlySchedule.Due(since, last, clock.GetUtcNow(), o))
            {
                runs.Add((night, clock.GetUtcNow()));
                last = night;
            }

            clock.Advance(TimeSpan.FromMinutes(5));
        }

        var local = runs.Select(r => TimeZoneInfo.ConvertTime(r.At, UkLike)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.Night), Is.EqualTo(Enumerable.Range(0, 365).Select(d => new DateOnly(2025, 1, 1).AddDays(d))));
            Assert.That(runs.Zip(local).Where(x => x.First.Night != new DateOnly(2025, 3, 30)).Select(x => x.Second.TimeOfDay), Is.All.EqualTo(new TimeSpan(1, 30, 0)));
            Assert.That(local[88].TimeOfDay, Is.EqualTo(new TimeSpan(2, 0, 0)), "30 March (day 89): 02:00 BST");
            Assert.That(runs[298].At, Is.EqualTo(new DateTimeOffset(2025, 10, 26, 0, 30, 0, TimeSpan.Zero)), "26 October (day 299): the first 01:30");
        });
    }

    [Test]
    public void Options_out_of_range_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new NightlyCatalogueOptions { CheckInterval = TimeSpan.FromSeconds(30) }.Validate());
            Assert.Throws<ArgumentOutOfRangeException>(() => new NightlyCatalogueOptions { MaxCatchUpNights = 0 }.Validate());
            Assert.Throws<ArgumentNullException>(() => new NightlyCatalogueOptions { TimeZone = null! }.Validate());
        });
    }
}
