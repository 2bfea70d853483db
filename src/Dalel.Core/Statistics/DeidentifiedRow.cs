using Dalel.Core.Cases;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>
/// What one row of the de-identified file shows of a case, read straight from its bytes (<see cref="CaseBinary.Walk"/>)
/// with nothing allocated: the date, the place's codes, counts, whether every victim consented, and each coded field as
/// a bit mask over its vocabulary (<see cref="CodeBits"/>). Reading a case into a record made two dozen objects, which
/// at a million rows was most of the export's time. A code no table knows (none is accepted today) makes the row
/// <see cref="Unusual"/>: that case is read into a record and written by the general path instead.
/// </summary>
internal struct DeidentifiedRow : ICodedFacts
{
    private static readonly CodeBits ViolationBits = CodeBits.Of[Catalog.Violations];
    private static readonly CodeBits PerpetratorBits = CodeBits.Of[Catalog.PerpetratorTypes];
    private static readonly CodeBits ResponseBits = CodeBits.Of[Catalog.Responses];
    private static readonly CodeBits InterventionBits = CodeBits.Of[Catalog.InterventionTypes];
    private static readonly CodeBits OrientationBits = CodeBits.Of[Catalog.SexualOrientation];
    private static readonly CodeBits IdentityBits = CodeBits.Of[Catalog.GenderIdentity];
    private static readonly CodeBits ExpressionBits = CodeBits.Of[Catalog.GenderExpression];
    private static readonly CodeBits CharacteristicsBits = CodeBits.Of[Catalog.SexCharacteristics];
    private static readonly CodeBits TransBits = CodeBits.Of[Catalog.TransStatus];
    private static readonly CodeBits AgeBits = CodeBits.Of[Catalog.AgeBands];

    /// <summary>Intervention types that report the case (see <see cref="Dimension.Reported"/>), as a mask.</summary>
    private static readonly ulong ReportingTypes = InterventionBits.Codes.Select((code, bit) => Dimension.IsReporting(code) ? 1UL << bit : 0).Aggregate(0UL, (a, b) => a | b);

    /// <summary>For each violation's bit, the bits of the ICCPR articles it engages.</summary>
    private static readonly ulong[] ArticlesOf = ViolationBits.Codes
        .Select(code => Catalog.Default[Catalog.Violations].Find(code)!.Iccpr.Aggregate(0UL, (mask, article) => CodeBits.Articles.TryBit(article, out var bit) ? mask | (1UL << bit) : mask))
        .ToArray();

    /// <summary>Violations citing an article beyond the articles' 64 bits: their rows take the general path.</summary>
    private static readonly ulong TooManyArticles = ViolationBits.Codes
        .Select((code, bit) => Catalog.Default[Catalog.Violations].Find(code)!.Iccpr.All(a => CodeBits.Articles.TryBit(a, out _)) ? 0 : 1UL << bit)
        .Aggregate(0UL, (a, b) => a | b);

    public DatePrecision Precision;
    public DateOnly From;
    public string? Region;

    /// <summary>The region's number in the anonymity group (<see cref="ExportDeidentified.GroupKey.Numbering"/>).</summary>
    public int RegionNumber;
    public string? Settlement;
    public bool Verified;
    public int Victims;
    public int Acts;
    public ulong Violations;
    public ulong Perpetrators;
    public ulong Responses;
    public ulong Orientation;
    public ulong Identity;
    public ulong Expression;
    public ulong Characteristics;
    public ulong Trans;
    public ulong Age;
    public bool Reported;

    /// <summary>A code outside the tables: read this case into a record instead.</summary>
    public bool Unusual;

    /// <summary>The export's numbering of region texts outside the catalogue.</summary>
    private ExportDeidentified.GroupKey.Numbering? _numbers;

    private bool _someoneRefusedStatistics;
    private bool _someoneRefusedNaming;

    // The current victim's latest decision on each use, as Victim.Allows reads it (a later entry wins a tie of dates).
    private int _statisticsDay;
    private bool _statisticsGranted;
    private int _namingDay;
    private bool _namingGranted;

    /// <summary>Every victim consented to anonymous statistics (and there is one), as <see cref="ComputeStatistics.Consented"/>.</summary>
    public readonly bool Consented => Victims > 0 && !_someoneRefusedStatistics;

    /// <summary>Every victim consented to publication with their name: exact date and settlement may be shown.</summary>
    public readonly bool Named => Victims > 0 && !_someoneRefusedNaming;

    public readonly ulong Articles
    {
        get
        {
            ulong articles = 0;
            for (var m = Violations; m != 0; m &= m - 1)
            {
                articles |= ArticlesOf[System.Numerics.BitOperations.TrailingZeroCount(m)];
            }

            return articles;
        }
    }

    public static DeidentifiedRow Of(ReadOnlySpan<byte> bytes, ExportDeidentified.GroupKey.Numbering numbers) => Read(bytes, numbers, victimsOnly: false);

    /// <summary>
    /// The date, place and victims only: enough for <see cref="Consented"/> and <see cref="GroupAt"/> (the first pass),
    /// at half the reading. <see cref="Unusual"/> then speaks of the victims' codes only, which are all the group holds.
    /// </summary>
    public static DeidentifiedRow GroupOf(ReadOnlySpan<byte> bytes, ExportDeidentified.GroupKey.Numbering numbers) => Read(bytes, numbers, victimsOnly: true);

    private static DeidentifiedRow Read(ReadOnlySpan<byte> bytes, ExportDeidentified.GroupKey.Numbering numbers, bool victimsOnly)
    {
        var row = new DeidentifiedRow { _statisticsDay = -1, _namingDay = -1, _numbers = numbers };
        CaseBinary.Walk(bytes, ref row, victimsOnly);
        row.EndVictim();
        row.Unusual |= (row.Violations & TooManyArticles) != 0;
        return row;
    }

    /// <summary>
    /// The row's anonymity group at a level of coarsening, equal to <see cref="ExportDeidentified.Groups"/> of the same
    /// case's record (a test compares them).
    /// </summary>
    public readonly ExportDeidentified.GroupKey GroupAt(int level) =>
        new ExportDeidentified.GroupKey(From.Year, Precision is DatePrecision.Day or DatePrecision.Month ? From.Month : 0, RegionNumber,
            Victims, ExportDeidentified.GroupKey.People(Orientation, Identity, Expression, Characteristics, Trans, Age), 0).At(level);

    public void Date(DatePrecision precision, DateOnly from, DateOnly to)
    {
        Precision = precision;
        From = from;
    }

    public void Place(Utf8Code region, Utf8Code settlement)
    {
        if (!region.Present)
        {
            (Region, RegionNumber) = (null, 1);
        }
        else if (ExportDeidentified.GroupKey.TryKnownRegion(region.Utf8, out var number, out var code))
        {
            (Region, RegionNumber) = (code, number);
        }
        else
        {
            Region = SharedCodes.Get(region.Utf8);
            RegionNumber = _numbers!.RegionOf(Region);
        }

        Settlement = settlement.Present ? SharedCodes.Get(settlement.Utf8) : null;
    }

    public void Status(CaseStatus status) => Verified = status == CaseStatus.Verified;

    public void Victim(int? age, Utf8Code ageBand, Utf8Code orientation, Utf8Code identity, Utf8Code expression, Utf8Code characteristics, Utf8Code trans)
    {
        EndVictim();
        Victims++;
        Mark(ref Orientation, OrientationBits, orientation);
        Mark(ref Identity, IdentityBits, identity);
        Mark(ref Expression, ExpressionBits, expression);
        Mark(ref Characteristics, CharacteristicsBits, characteristics);
        Mark(ref Trans, TransBits, trans);
        if (ageBand.Present)
        {
            Mark(ref Age, AgeBits, ageBand);
        }
        else if (Cases.Victim.BandOf(age) is { } band)
        {
            if (AgeBits.TryBit(band, out var bit))
            {
                Age |= 1UL << bit;
            }
            else
            {
                Unusual = true;
            }
        }
    }

    public void Consent(Utf8Code use, bool granted, DateOnly date)
    {
        if (use.Utf8.SequenceEqual("anonymous_statistics"u8) && date.DayNumber >= _statisticsDay)
        {
            (_statisticsDay, _statisticsGranted) = (date.DayNumber, granted);
        }
        else if (use.Utf8.SequenceEqual("named_publication"u8) && date.DayNumber >= _namingDay)
        {
            (_namingDay, _namingGranted) = (date.DayNumber, granted);
        }
    }

    public void Act() => Acts++;

    public void Violation(Utf8Code code) => Mark(ref Violations, ViolationBits, code);

    public void Perpetrator(Utf8Code type) => Mark(ref Perpetrators, PerpetratorBits, type);

    public void Intervention(Utf8Code type, Utf8Code response)
    {
        if (type.Present)
        {
            if (InterventionBits.TryBit(type.Utf8, out var bit))
            {
                Reported |= (ReportingTypes & (1UL << bit)) != 0;
            }
            else
            {
                Unusual = true;
            }
        }

        Mark(ref Responses, ResponseBits, response);
    }

    /// <summary>Closes the last victim's consent decisions: no decision is no consent.</summary>
    private void EndVictim()
    {
        if (Victims > 0)
        {
            _someoneRefusedStatistics |= !(_statisticsDay >= 0 && _statisticsGranted);
            _someoneRefusedNaming |= !(_namingDay >= 0 && _namingGranted);
        }

        (_statisticsDay, _statisticsGranted, _namingDay, _namingGranted) = (-1, false, -1, false);
    }

    private void Mark(ref ulong mask, CodeBits bits, Utf8Code code)
    {
        if (!code.Present)
        {
            return;
        }

        if (bits.TryBit(code.Utf8, out var bit))
        {
            mask |= 1UL << bit;
        }
        else
        {
            Unusual = true;
        }
    }
}
