using FsCheck;
using FsCheck.Fluent;
using QiSdk.Records;

namespace QiSdk.Tests.Records;

public sealed class FhirDateTests
{
    [TestCase("2024", 2024, 1, 1, DatePrecision.Year)]
    [TestCase("2024-03", 2024, 3, 1, DatePrecision.Month)]
    [TestCase("2024-02-29", 2024, 2, 29, DatePrecision.Day)]
    [TestCase("2024-02-29T23:30:00+01:00", 2024, 2, 29, DatePrecision.DateTime)]
    [TestCase("2024-03-01T00:30:00-05:00", 2024, 3, 1, DatePrecision.DateTime)]
    [TestCase("2015-02-07T13:28:17.239+02:00", 2015, 2, 7, DatePrecision.DateTime)]
    [TestCase("2017-01-01T00:00:00Z", 2017, 1, 1, DatePrecision.DateTime)]
    public void Calendar_date_is_kept_as_written_with_its_precision(string text, int y, int m, int d, DatePrecision precision)
    {
        var date = FhirDate.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(date.Date, Is.EqualTo(new DateOnly(y, m, d)));
            Assert.That(date.Precision, Is.EqualTo(precision));
            Assert.That(date.ToString(), Is.EqualTo(text));
        });
    }

    [Test]
    public void Date_time_near_midnight_is_not_moved_to_utc()
    {
        var date = FhirDate.Parse("2024-03-31T23:59:59+14:00");

        Assert.Multiple(() =>
        {
            Assert.That(date.Date, Is.EqualTo(new DateOnly(2024, 3, 31)));
            Assert.That(date.UtcOffset, Is.EqualTo(TimeSpan.FromHours(14)));
            Assert.That(date.TimeOfDay, Is.EqualTo(new TimeOnly(23, 59, 59)));
        });
    }

    [TestCase("")]
    [TestCase("20")]
    [TestCase("0000")]
    [TestCase("2023-02-29")]
    [TestCase("2024-13")]
    [TestCase("2024-00-10")]
    [TestCase("2024-1-01")]
    [TestCase("2024-01-01T25:00:00Z")]
    [TestCase("2024-01-01T10:00:00+15:00")]
    [TestCase("2024-01-01T10:00:00.Z")]
    [TestCase("2024-01-01T10:00:00.1234567890Z")]
    [TestCase("2024-01-01 10:00:00")]
    [TestCase("01/02/2024")]
    [TestCase("2024-01-01Z")]
    public void Invalid_text_is_rejected(string text)
    {
        Assert.That(FhirDate.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Parse_reports_the_bad_text()
    {
        var ex = Assert.Throws<FormatException>(() => FhirDate.Parse("2023-02-30"));
        Assert.That(ex!.Message, Does.Contain("2023-02-30"));
    }

    [Test]
    public void Leap_second_round_trips()
    {
        Assert.That(FhirDate.Parse("2016-12-31T23:59:60Z").ToString(), Is.EqualTo("2016-12-31T23:59:60Z"));
    }

    [FsCheck.NUnit.Property(MaxTest = 2000)]
    public Property Any_valid_date_round_trips_through_text()
    {
        var gen =
            from year in Gen.Choose(1, 9999)
            from month in Gen.Choose(1, 12)
            from day in Gen.Choose(1, DateTime.DaysInMonth(year, month))
            from precision in Gen.Choose(1, 4)
            from hour in Gen.Choose(0, 23)
            from minute in Gen.Choose(0, 59)
            from second in Gen.Choose(0, 59)
            from fractionDigits in Gen.Choose(0, 9)
            from fraction in Gen.Choose(0, 999_999_999)
            from offset in Gen.Choose(-14 * 60, 14 * 60)
            from zulu in Gen.Elements(true, false)
            select Render(year, month, day, precision, hour, minute, second, fractionDigits, fraction, offset, zulu);

        return Prop.ForAll(gen.ToArbitrary(), text =>
        {
            bool parsed = FhirDate.TryParse(text, out var value);
            return parsed && value.ToString() == text && FhirDate.Parse(value.ToString()) == value;
        });
    }

    [FsCheck.NUnit.Property(MaxTest = 2000)]
    public Property Calendar_date_equals_the_written_year_month_day()
    {
        var gen =
            from year in Gen.Choose(1, 9999)
            from month in Gen.Choose(1, 12)
            from day in Gen.Choose(1, DateTime.DaysInMonth(year, month))
            from offset in Gen.Choose(-14 * 60, 14 * 60)
            select (year, month, day, offset);

        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            string text = Render(t.year, t.month, t.day, 4, 23, 59, 0, 0, 0, t.offset, false);
            return FhirDate.Parse(text).Date == new DateOnly(t.year, t.month, t.day);
        });
    }

    [TestCase("2024-01-01T10:00:00-00:00")]
    [TestCase("2024-01-01T10:00:00+00:00")]
    [TestCase("2024-01-01T10:00Z")]
    [TestCase("2024-01-01T10:00:00")]
    [TestCase("2024-01-01T10:00:00.5")]
    public void Date_times_real_exports_write_round_trip(string text)
    {
        Assert.That(FhirDate.Parse(text).ToString(), Is.EqualTo(text));
    }

    [Test]
    public void Unknown_offset_minus_zero_is_an_offset_of_zero_but_not_equal_to_plus_zero()
    {
        var minus = FhirDate.Parse("2024-01-01T10:00:00-00:00");
        var plus = FhirDate.Parse("2024-01-01T10:00:00+00:00");

        Assert.That(minus.UtcOffset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(minus, Is.Not.EqualTo(plus));
        Assert.That(minus.CompareTo(plus), Is.Zero);
    }

    [FsCheck.NUnit.Property(MaxTest = 3000)]
    public Property Any_text_parses_the_same_from_bytes_and_chars_and_never_throws()
    {
        var gen = Gen.Elements("0123456789-:TZ+. x".ToCharArray()).ArrayOf().Select(c => new string(c));
        var mutated =
            from valid in Gen.Elements("2024", "2024-03", "2024-02-29", "2024-02-29T23:30:00+01:00", "2015-02-07T13:28:17.239Z")
            from cut in Gen.Choose(0, valid.Length)
            from extra in gen
            select valid[..cut] + extra;

        return Prop.ForAll(Gen.OneOf(gen, mutated).ToArbitrary(), text =>
        {
            bool fromChars = FhirDate.TryParse(text, out var a);
            bool fromBytes = FhirDate.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out var b);
            return fromChars == fromBytes && a == b && (!fromChars || a.ToString() == text);
        });
    }

    [FsCheck.NUnit.Property(MaxTest = 1000)]
    public Property Ordering_follows_the_calendar_date_as_written()
    {
        var gen =
            from d1 in Gen.Choose(1, 3_000_000)
            from d2 in Gen.Choose(1, 3_000_000)
            select (DateOnly.FromDayNumber(d1), DateOnly.FromDayNumber(d2));

        return Prop.ForAll(gen.ToArbitrary(), t =>
            Math.Sign(FhirDate.FromDate(t.Item1).CompareTo(FhirDate.FromDate(t.Item2))) == Math.Sign(t.Item1.CompareTo(t.Item2)));
    }

    private static string Render(int year, int month, int day, int precision, int hour, int minute, int second, int fractionDigits, int fraction, int offset, bool zulu)
    {
        var s = $"{year:D4}";
        if (precision >= 2)
        {
            s += $"-{month:D2}";
        }

        if (precision >= 3)
        {
            s += $"-{day:D2}";
        }

        if (precision == 4)
        {
            s += $"T{hour:D2}:{minute:D2}:{second:D2}";
            if (fractionDigits > 0)
            {
                s += "." + fraction.ToString("D9", System.Globalization.CultureInfo.InvariantCulture)[..fractionDigits];
            }

            if (zulu)
            {
                s += "Z";
            }
            else
            {
                int abs = Math.Abs(offset);
                s += $"{(offset < 0 ? '-' : '+')}{abs / 60:D2}:{abs % 60:D2}";
            }
        }

        return s;
    }
}
