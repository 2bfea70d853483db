using System.Security.Cryptography;

namespace Dalel.Core.Linkage;

/// <summary>
/// Plausible records that belong to no one: every field taken from a different real record of the same list, so
/// their values and frequencies look like the list's own. Graph-matching attacks need the encoded records and the
/// attacker's plaintext to overlap almost completely; a quarter of records the plaintext cannot explain is what the
/// literature (PLoS ONE 2022) found to break them.
/// </summary>
internal static class Decoys
{
    public static IEnumerable<QuasiIdentifiers> From(IReadOnlyList<QuasiIdentifiers> real, int count)
    {
        if (real.Count < 2)
        {
            yield break;
        }

        QuasiIdentifiers Pick() => real[RandomNumberGenerator.GetInt32(real.Count)];
        static string Key(QuasiIdentifiers q) => string.Join("|", q.Tokens().Select(t => t.Field + ":" + t.Token));
        // A decoy identical to a real record would tie with that record's true duplicates and could take their place.
        var taken = real.Select(Key).ToHashSet(StringComparer.Ordinal);
        var attempts = 0;
        for (var i = 0; i < count && attempts++ < 20 * count; i++)
        {
            // A day of a real record's year, but not its day: a decoy must not sit on a real incident's date.
            var when = Pick();
            var date = new DateOnly(when.Year, 1, 1).AddDays(RandomNumberGenerator.GetInt32(DateTime.IsLeapYear(when.Year) ? 366 : 365));
            var where = Pick();
            // The year of birth or, where only an age band is known, its range: from one record, so both are as common as in the list.
            var born = Pick();
            var decoy = new QuasiIdentifiers(date, when.Precision, where.Region, where.Settlement, born.BirthYear, Pick().Initials, Pick().Acts, Pick().Perpetrators)
            {
                Until = when.Until is { } until ? date.AddDays(until.DayNumber - when.Date.DayNumber) : null,
                BornBetween = born.BornBetween,
                Others = born.Others,
            };
            if (!taken.Add(Key(decoy)))
            {
                i--;
                continue;
            }

            yield return decoy;
        }
    }
}
