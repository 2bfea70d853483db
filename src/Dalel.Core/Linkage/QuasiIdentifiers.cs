using System.Globalization;
using Dalel.Core.Cases;

namespace Dalel.Core.Linkage;

/// <summary>
/// What two organisations are likely to both know about the same incident, and little else: when and where it
/// happened, the victim's year of birth and initials, what was done and by whom. Turned into tokens for the Bloom
/// filter; nothing here ever leaves the organisation unencoded.
/// </summary>
internal sealed record QuasiIdentifiers(
    DateOnly Date, DatePrecision Precision, string? Region, string? Settlement, int? BirthYear, string Initials,
    IReadOnlyList<string> Acts, IReadOnlyList<string> Perpetrators)
{
    public static QuasiIdentifiers Of(CaseRecord record, IReadOnlyList<VictimIdentity> identities)
    {
        var people = record.Victims.Select(v => Person.Of(v, record.Date.From.Year, identities)).ToList();
        var first = people.Count > 0 ? people[0] : new Person(null, null, "");
        return new QuasiIdentifiers(
            record.Date.From,
            record.Date.Precision,
            record.Place.Region,
            record.Place.Settlement,
            first.BirthYear,
            first.Initials,
            record.Acts.SelectMany(a => a.Violations).Distinct().Order(StringComparer.Ordinal).ToList(),
            record.Acts.SelectMany(a => a.Perpetrators).Select(p => p.Type).Distinct().Order(StringComparer.Ordinal).ToList())
        {
            Until = record.Date.Precision == DatePrecision.Range ? record.Date.To : null,
            BornBetween = first.BornBetween,
            Others = people.Skip(1).Where(p => !p.IsEmpty).ToList(),
        };
    }

    /// <summary>
    /// The other victims of the incident. Two organisations told of one raid by different people list them in different
    /// orders, or know only some: every victim's year of birth and initials go into the same segments, so copies agree
    /// on the victims both know, whichever each lists first.
    /// </summary>
    public IReadOnlyList<Person> Others { get; init; } = [];

    /// <summary>What the encoding says of one victim: year of birth (or the years an age band allows) and initials.</summary>
    internal sealed record Person(int? BirthYear, (int From, int To)? BornBetween, string Initials)
    {
        public bool IsEmpty => BirthYear is null && BornBetween is null && Initials.Length == 0;

        private static readonly string[] PatronymicEndings = ["ovich", "evich", "ovna", "evna", "ichna", "uly", "kyzy"];

        private static readonly string[] PatronymicWords = ["uly", "ugly", "ogly", "kyzy", "kyz", "gyzy"];

        /// <summary>
        /// A name of three words or more drops its patronymic (Болатовна, Болатқызы, "Болат ұлы"): one organisation copies it
        /// from a document, another never hears it. In two words a name like "Aigerim Bolatkyzy" keeps it: there it is the surname.
        /// </summary>
        internal static IEnumerable<string> WithoutPatronymic(string[] words)
        {
            if (words.Length < 3)
            {
                return words;
            }

            var kept = new List<string>();
            foreach (var word in words)
            {
                if (PatronymicWords.Contains(word, StringComparer.Ordinal))
                {
                    // "Болат ұлы": the father's name goes with the particle.
                    if (kept.Count > 0)
                    {
                        kept.RemoveAt(kept.Count - 1);
                    }
                }
                else if (!PatronymicEndings.Any(e => word.Length > e.Length + 2 && word.EndsWith(e, StringComparison.Ordinal)))
                {
                    kept.Add(word);
                }
            }

            return kept.Count > 0 ? kept : words;
        }

        public static Person Of(Victim victim, int year, IReadOnlyList<VictimIdentity> identities)
        {
            var name = identities.FirstOrDefault(i => i.VictimId == victim.Id)?.FullName;
            var initials = string.Concat(WithoutPatronymic(Transliteration.Normalise(name).Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(w => w[0]));
            return new Person(
                victim.Age is { } age ? year - age : null,
                victim is { Age: null, AgeBand: { } band } && Ages(band) is var (youngest, oldest) ? (year - oldest, year - youngest) : null,
                initials);
        }
    }

    /// <summary>The last day of an approximate range (precision Range): the months it covers are what two copies can agree on.</summary>
    public DateOnly? Until { get; init; }

    /// <summary>
    /// When only an age band is known (many organisations record no more; a redacted case keeps only the band), the
    /// years of birth it allows: encoded as the two-year windows those years fall in, so that a copy with the exact age
    /// still agrees in part, and one with another band not at all — better than treating the age as missing.
    /// </summary>
    public (int From, int To)? BornBetween { get; init; }

    /// <summary>The ages an age band spans; the open ends stop where victims become rare, so the band still says something.</summary>
    private static (int Youngest, int Oldest)? Ages(string band) => band switch
    {
        "under_18" => (12, 17),
        "18_24" => (18, 24),
        "25_34" => (25, 34),
        "35_44" => (35, 44),
        "45_54" => (45, 54),
        "55_plus" => (55, 70),
        _ => null,
    };

    /// <summary>The salt: records are compared only within the same incident year, and each year hashes differently.</summary>
    public int Year => Date.Year;

    /// <summary>Tokens per field; near values share some tokens (same week, a year of birth off by one), so small disagreements cost little.</summary>
    public IEnumerable<(string Field, string Token)> Tokens()
    {
        string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string Week(DateOnly d) => ISOWeek.GetWeekOfYear(d.ToDateTime(TimeOnly.MinValue)).ToString(CultureInfo.InvariantCulture);
        // A year alone says nothing the year's salt does not (and its first day is not a January date); a range says
        // each month it covers, and each week when it is short; a month its month.
        if (Precision is DatePrecision.Month or DatePrecision.Day)
        {
            yield return ("month", Date.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        }
        else if (Precision == DatePrecision.Range && Until is { } until && until >= Date)
        {
            for (var month = new DateOnly(Date.Year, Date.Month, 1); month <= until && month < new DateOnly(Date.Year, Date.Month, 1).AddYears(1); month = month.AddMonths(1))
            {
                yield return ("month", month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            }

            if (until.DayNumber - Date.DayNumber <= 31)
            {
                for (var day = Date; day <= until; day = day.AddDays(7))
                {
                    yield return ("week", Week(day));
                }

                yield return ("week", Week(until));
            }
        }

        if (Precision == DatePrecision.Day)
        {
            yield return ("day", D(Date));
            // Three-day windows, twice offset, so a date a day off still shares a window.
            yield return ("window", (Date.DayNumber / 3).ToString(CultureInfo.InvariantCulture));
            yield return ("window2", ((Date.DayNumber + 1) / 3).ToString(CultureInfo.InvariantCulture));
            yield return ("week", Week(Date));
        }

        if (Region is { } region)
        {
            yield return ("region", region);
        }

        if (Settlement is { } settlement)
        {
            yield return ("settlement", settlement);
        }

        foreach (var token in new[] { new Person(BirthYear, BornBetween, Initials) }.Concat(Others).SelectMany(PersonTokens))
        {
            yield return token;
        }

        foreach (var act in Acts)
        {
            yield return ("act", act);
        }

        foreach (var perpetrator in Perpetrators)
        {
            yield return ("perpetrator", perpetrator);
        }
    }

    private static IEnumerable<(string Field, string Token)> PersonTokens(Person person)
    {
        if (person.BirthYear is { } born)
        {
            yield return ("born", born.ToString(CultureInfo.InvariantCulture));
            yield return ("born2", (born / 2).ToString(CultureInfo.InvariantCulture));
            yield return ("born2b", ((born + 1) / 2).ToString(CultureInfo.InvariantCulture));
        }
        else if (person.BornBetween is var (from, to))
        {
            foreach (var window in Enumerable.Range(from, to - from + 1).Select(b => b / 2).Distinct())
            {
                yield return ("born2", window.ToString(CultureInfo.InvariantCulture));
            }

            foreach (var window in Enumerable.Range(from, to - from + 1).Select(b => (b + 1) / 2).Distinct())
            {
                yield return ("born2b", window.ToString(CultureInfo.InvariantCulture));
            }
        }

        // Initials as letters, in no order: "Aigerim Nurlanova" and "Nurlanova Aigerim" (the order of documents, often with
        // a patronymic) are the same person. Ordered bigrams, used until 2026-12-01, made them strangers.
        foreach (var letter in person.Initials.GroupBy(c => c).SelectMany(g => g.Select((c, i) => $"{c}{i + 1}")))
        {
            yield return ("initials", letter);
        }
    }
}
