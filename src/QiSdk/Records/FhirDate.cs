using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace QiSdk.Records;

/// <summary>
/// A FHIR R4 <c>date</c>, <c>dateTime</c> or <c>instant</c> kept exactly as written: the calendar date as written
/// (never converted to UTC), its <see cref="Precision"/>, and for date-times the time of day and offset.
/// A partial date (<c>2024</c>, <c>2024-03</c>) stands for its first day in <see cref="Date"/>.
/// </summary>
/// <remarks>16 bytes, no allocation; <see cref="ToString"/> writes back the text it was parsed from.</remarks>
public readonly struct FhirDate : IEquatable<FhirDate>, IComparable<FhirDate>
{
    private const byte FractionMask = 0x0F;
    private const byte HasOffsetFlag = 0x10;
    private const byte ZuluFlag = 0x20;
    private const byte HasSecondsFlag = 0x40;
    private const byte LeapSecondFlag = 0x80;

    // "-00:00" (offset unknown, RFC 3339) is kept apart from "+00:00" so it writes back as written.
    private const short NegativeZeroOffset = short.MinValue;

    private readonly int _dayNumber;
    private readonly int _secondOfDay;
    private readonly int _nanoseconds;
    private readonly short _offsetMinutes;
    private readonly DatePrecision _precision;
    private readonly byte _flags;

    private FhirDate(int dayNumber, DatePrecision precision, int secondOfDay, int nanoseconds, byte flags, short offsetMinutes)
    {
        _dayNumber = dayNumber;
        _precision = precision;
        _secondOfDay = secondOfDay;
        _nanoseconds = nanoseconds;
        _flags = flags;
        _offsetMinutes = offsetMinutes;
    }

    /// <summary>The calendar date as written; the first day of the year or month for partial dates.</summary>
    public DateOnly Date => DateOnly.FromDayNumber(_dayNumber);

    /// <summary>The calendar date as a day number (<see cref="DateOnly.DayNumber"/>), for fast comparisons.</summary>
    public int DayNumber => _dayNumber;

    /// <summary>How much of the value was written. <c>default(FhirDate)</c> has precision 0 and is not a valid date.</summary>
    public DatePrecision Precision => _precision;

    /// <summary>True for a value produced by parsing or a factory method; false for <c>default</c>.</summary>
    public bool HasValue => _precision != 0;

    /// <summary>The time of day as written, for <see cref="DatePrecision.DateTime"/> values (a leap second reads as :59).</summary>
    public TimeOnly? TimeOfDay => _precision == DatePrecision.DateTime
        ? new TimeOnly((_secondOfDay * TimeSpan.TicksPerSecond) + (_nanoseconds / 100))
        : null;

    /// <summary>The UTC offset as written (<c>Z</c> is zero), or null when none was written.</summary>
    public TimeSpan? UtcOffset => (_flags & HasOffsetFlag) != 0
        ? TimeSpan.FromMinutes(_offsetMinutes == NegativeZeroOffset ? 0 : _offsetMinutes)
        : null;

    /// <summary>A date with day precision.</summary>
    /// <param name="date">The calendar date.</param>
    public static FhirDate FromDate(DateOnly date) => new(date.DayNumber, DatePrecision.Day, 0, 0, 0, 0);

    /// <summary>A year-only date (<c>YYYY</c>).</summary>
    /// <param name="year">1 to 9999.</param>
    public static FhirDate FromYear(int year) => new(new DateOnly(year, 1, 1).DayNumber, DatePrecision.Year, 0, 0, 0, 0);

    /// <summary>A year-and-month date (<c>YYYY-MM</c>).</summary>
    /// <param name="year">1 to 9999.</param>
    /// <param name="month">1 to 12.</param>
    public static FhirDate FromYearMonth(int year, int month) => new(new DateOnly(year, month, 1).DayNumber, DatePrecision.Month, 0, 0, 0, 0);

    /// <summary>Parses FHIR <c>date</c>, <c>dateTime</c> or <c>instant</c> text.</summary>
    /// <param name="text">The text, e.g. <c>2024-02-29</c> or <c>2024-02-29T23:30:00+01:00</c>.</param>
    /// <exception cref="FormatException">The text is not a valid FHIR date or date-time.</exception>
    public static FhirDate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.AsSpan(), out var value)
            ? value
            : throw new FormatException($"'{text}' is not a valid FHIR date or dateTime (expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm)).");
    }

    /// <summary>Parses FHIR date text; returns false (never throws) when it is not valid.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The parsed value, or <c>default</c>.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out FhirDate value)
    {
        if (text is null)
        {
            value = default;
            return false;
        }

        return TryParse(text.AsSpan(), out value);
    }

    /// <summary>Parses FHIR date text given as characters.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The parsed value, or <c>default</c>.</param>
    public static bool TryParse(ReadOnlySpan<char> text, out FhirDate value)
    {
        value = default;
        if (text.Length > 64)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[64];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c > 127)
            {
                return false;
            }

            utf8[i] = (byte)c;
        }

        return TryParse(utf8[..text.Length], out value);
    }

    /// <summary>Parses FHIR date text given as UTF-8 bytes (the form <see cref="System.Text.Json.Utf8JsonReader"/> yields).</summary>
    /// <param name="utf8">The UTF-8 text.</param>
    /// <param name="value">The parsed value, or <c>default</c>.</param>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out FhirDate value)
    {
        value = default;
        int length = utf8.Length;
        if (length < 4 || !TryDigits(utf8, 0, 4, out int year) || year == 0)
        {
            return false;
        }

        if (length == 4)
        {
            value = new FhirDate(new DateOnly(year, 1, 1).DayNumber, DatePrecision.Year, 0, 0, 0, 0);
            return true;
        }

        if (length < 7 || utf8[4] != (byte)'-' || !TryDigits(utf8, 5, 2, out int month) || month is < 1 or > 12)
        {
            return false;
        }

        if (length == 7)
        {
            value = new FhirDate(new DateOnly(year, month, 1).DayNumber, DatePrecision.Month, 0, 0, 0, 0);
            return true;
        }

        if (length < 10 || utf8[7] != (byte)'-' || !TryDigits(utf8, 8, 2, out int day) || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        int dayNumber = new DateOnly(year, month, day).DayNumber;
        if (length == 10)
        {
            value = new FhirDate(dayNumber, DatePrecision.Day, 0, 0, 0, 0);
            return true;
        }

        // Time: Thh:mm[:ss[.f{1,9}]] then Z or +hh:mm / -hh:mm. FHIR requires seconds and an offset in
        // dateTime; minutes-only times and a missing offset are accepted because real exports contain them.
        if (utf8[10] != (byte)'T' || length < 16 || !TryDigits(utf8, 11, 2, out int hour) || hour > 23
            || utf8[13] != (byte)':' || !TryDigits(utf8, 14, 2, out int minute) || minute > 59)
        {
            return false;
        }

        int pos = 16;
        int second = 0;
        int nanos = 0;
        byte flags = 0;
        if (pos < length && utf8[pos] == (byte)':')
        {
            if (!TryDigits(utf8, pos + 1, 2, out second) || second > 60)
            {
                return false;
            }

            flags |= HasSecondsFlag;
            if (second == 60)
            {
                // A leap second is kept as written but stored as :59 so the time of day stays valid.
                second = 59;
                flags |= LeapSecondFlag;
            }

            pos += 3;
            if (pos < length && utf8[pos] == (byte)'.')
            {
                pos++;
                int digits = 0;
                while (pos < length && IsDigit(utf8[pos]))
                {
                    if (digits == 9)
                    {
                        return false;
                    }

                    nanos = (nanos * 10) + (utf8[pos] - '0');
                    digits++;
                    pos++;
                }

                if (digits == 0)
                {
                    return false;
                }

                for (int d = digits; d < 9; d++)
                {
                    nanos *= 10;
                }

                flags |= (byte)digits;
            }
        }

        short offset = 0;
        if (pos < length)
        {
            byte sign = utf8[pos];
            if (sign == (byte)'Z' && pos + 1 == length)
            {
                flags |= HasOffsetFlag | ZuluFlag;
            }
            else if ((sign == (byte)'+' || sign == (byte)'-') && pos + 6 == length && utf8[pos + 3] == (byte)':'
                && TryDigits(utf8, pos + 1, 2, out int offHours) && TryDigits(utf8, pos + 4, 2, out int offMinutes)
                && offMinutes < 60 && (offHours < 14 || (offHours == 14 && offMinutes == 0)))
            {
                offset = (short)((offHours * 60) + offMinutes);
                if (sign == (byte)'-')
                {
                    offset = offset == 0 ? NegativeZeroOffset : (short)-offset;
                }

                flags |= HasOffsetFlag;
            }
            else
            {
                return false;
            }
        }

        value = new FhirDate(dayNumber, DatePrecision.DateTime, (hour * 3600) + (minute * 60) + second, nanos, flags, offset);
        return true;
    }

    /// <summary>Writes the value back in FHIR form, exactly as it was parsed.</summary>
    public override string ToString()
    {
        if (_precision == 0)
        {
            return string.Empty;
        }

        var date = Date;
        var sb = new StringBuilder(32);
        sb.Append(date.Year.ToString("D4", CultureInfo.InvariantCulture));
        if (_precision >= DatePrecision.Month)
        {
            sb.Append('-').Append(date.Month.ToString("D2", CultureInfo.InvariantCulture));
        }

        if (_precision >= DatePrecision.Day)
        {
            sb.Append('-').Append(date.Day.ToString("D2", CultureInfo.InvariantCulture));
        }

        if (_precision == DatePrecision.DateTime)
        {
            int hour = _secondOfDay / 3600;
            int minute = _secondOfDay / 60 % 60;
            int second = _secondOfDay % 60;
            sb.Append('T').Append(hour.ToString("D2", CultureInfo.InvariantCulture))
              .Append(':').Append(minute.ToString("D2", CultureInfo.InvariantCulture));
            if ((_flags & HasSecondsFlag) != 0)
            {
                int written = (_flags & LeapSecondFlag) != 0 ? 60 : second;
                sb.Append(':').Append(written.ToString("D2", CultureInfo.InvariantCulture));
                int digits = _flags & FractionMask;
                if (digits > 0)
                {
                    string nine = _nanoseconds.ToString("D9", CultureInfo.InvariantCulture);
                    sb.Append('.').Append(nine, 0, digits);
                }
            }

            if ((_flags & ZuluFlag) != 0)
            {
                sb.Append('Z');
            }
            else if ((_flags & HasOffsetFlag) != 0)
            {
                int abs = _offsetMinutes == NegativeZeroOffset ? 0 : Math.Abs((int)_offsetMinutes);
                sb.Append(_offsetMinutes < 0 ? '-' : '+')
                  .Append((abs / 60).ToString("D2", CultureInfo.InvariantCulture))
                  .Append(':').Append((abs % 60).ToString("D2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <inheritdoc />
    public bool Equals(FhirDate other) =>
        _dayNumber == other._dayNumber && _precision == other._precision && _secondOfDay == other._secondOfDay
        && _nanoseconds == other._nanoseconds && _flags == other._flags && _offsetMinutes == other._offsetMinutes;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FhirDate other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_dayNumber, _precision, _secondOfDay, _nanoseconds, _flags, _offsetMinutes);

    /// <summary>Orders by calendar date as written, then precision, then time of day as written.</summary>
    /// <param name="other">The other value.</param>
    public int CompareTo(FhirDate other)
    {
        int c = _dayNumber.CompareTo(other._dayNumber);
        if (c != 0)
        {
            return c;
        }

        c = _precision.CompareTo(other._precision);
        if (c != 0)
        {
            return c;
        }

        c = _secondOfDay.CompareTo(other._secondOfDay);
        return c != 0 ? c : _nanoseconds.CompareTo(other._nanoseconds);
    }

    /// <summary>Equality of everything written.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    public static bool operator ==(FhirDate left, FhirDate right) => left.Equals(right);

    /// <summary>Inequality of anything written.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    public static bool operator !=(FhirDate left, FhirDate right) => !left.Equals(right);

    /// <summary>Ordering (see <see cref="CompareTo"/>).</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    public static bool operator <(FhirDate left, FhirDate right) => left.CompareTo(right) < 0;

    /// <summary>Ordering (see <see cref="CompareTo"/>).</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    public static bool operator >(FhirDate left, FhirDate right) => left.CompareTo(right) > 0;

    /// <summary>Ordering (see <see cref="CompareTo"/>).</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    public static bool operator <=(FhirDate left, FhirDate right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering (see <see cref="CompareTo"/>).</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    public static bool operator >=(FhirDate left, FhirDate right) => left.CompareTo(right) >= 0;

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (int i = start; i < start + count; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }
}
