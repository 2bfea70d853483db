using Dalel.Core.Cases;
using Dalel.Core.Linkage;

namespace Dalel.Core.Tests.Linkage;

/// <summary>
/// A coalition whose truth is known: three lists documenting 50, 40 and 30% of incidents independently, each copy with
/// a missing name, a shifted date, a wrong age and so on at the rates the linkage benchmark uses, decoys in every file
/// (negative incident numbers). Records are in the files' order.
/// </summary>
internal static class GeneratedCoalition
{
    private static readonly string[] Regions = ["almaty_city", "almaty_city", "astana", "shymkent", "karaganda", "pavlodar", "aktobe", "atyrau"];
    private static readonly string[] Acts = ["fake_dating", "extortion_blackmail", "police_violence", "physical_assault", "threats", "raid"];
    private static readonly string[] Perpetrators = ["police", "organised_group", "private_individual", "family_member"];

    internal sealed record Copy(int Incident, int List, QuasiIdentifiers Record);

    public static (List<Copy> Records, List<EncodingFile> Files) Of(Random r, int incidents)
    {
        var real = new List<Copy>();
        for (var incident = 0; incident < incidents; incident++)
        {
            var initials = $"{(char)('A' + r.Next(20))}{(char)('A' + r.Next(15))}";
            var date = new DateOnly(2022, 1, 1).AddDays(r.Next(2 * 365));
            var region = Regions[r.Next(Regions.Length)];
            var born = date.Year - r.Next(17, 60);
            var acts = Acts.OrderBy(_ => r.Next()).Take(r.Next(1, 3)).Order(StringComparer.Ordinal).ToList();
            var perpetrators = Perpetrators.OrderBy(_ => r.Next()).Take(r.Next(1, 3)).Order(StringComparer.Ordinal).ToList();
            foreach (var (list, coverage) in new[] { (0, 0.5), (1, 0.4), (2, 0.3) })
            {
                if (r.NextDouble() >= coverage)
                {
                    continue;
                }

                var copyDate = r.NextDouble() < 0.25 ? date.AddDays(r.Next(1, 4) * (r.Next(2) == 0 ? -1 : 1)) : date;
                real.Add(new Copy(incident, list, new QuasiIdentifiers(
                    copyDate, r.NextDouble() < 0.1 ? DatePrecision.Month : DatePrecision.Day,
                    r.NextDouble() < 0.05 ? null : region, null,
                    r.NextDouble() < 0.15 ? null : born + (r.NextDouble() < 0.2 ? (r.Next(2) * 2) - 1 : 0),
                    r.NextDouble() < 0.3 ? "" : initials,
                    r.NextDouble() < 0.3 && acts.Count > 1 ? acts.Take(1).ToList() : acts,
                    r.NextDouble() < 0.1 ? [] : perpetrators)));
            }
        }

        var records = real.Concat(real.GroupBy(c => c.List).SelectMany(list =>
        {
            var own = list.Select(c => c.Record).ToList();
            return Decoys.From(own, own.Count / 4).Select((d, i) => new Copy(-1 - i, list.Key, d));
        })).OrderBy(c => c.List).ToList();
        var clk = new Clk([.. Enumerable.Range(0, 32).Select(i => (byte)(i * 13))]);
        var files = records.GroupBy(c => c.List).Select(list => new EncodingFile
        {
            List = Guid.NewGuid(),
            Run = Guid.NewGuid(),
            Records = [.. list.Select(c => new EncodedRecord(Guid.NewGuid(), c.Record.Year, MatchEncodings.Encode(clk.EncodeFields(c.Record))))],
        }).ToList();
        return (records, files);
    }
}
