using System.Globalization;
using CsvHelper;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>
/// One row per case with coded fields only: no narrative, title, names, contacts, descriptions or case ids (rows get a
/// number valid for this file only). Dates are year and month, and the settlement is left out, unless every victim of
/// the case consented to publication with their name. The coalition scope takes the same cases as coalition
/// statistics. Rows are written as they are read, so memory does not grow with the number of cases.
/// </summary>
public sealed class ExportDeidentified(DalelInstance instance)
{
    public static readonly string[] Header =
    [
        "row", "organisation", "year", "month", "date", "region", "settlement", "status", "victims", "acts", "violations", "perpetrators",
        "iccpr", "sexual_orientation", "gender_identity", "gender_expression", "sex_characteristics", "trans_status", "age_bands",
        "reported", "responses",
    ];

    public Result<int> Run(OrgScope reader, StatisticsScope scope, TextWriter output, Action<int>? progress = null)
    {
        if (!reader.Can(Capability.ReadCodedFacts))
        {
            return new Forbidden();
        }

        if (scope is StatisticsScope.Organisation own && own.Id != reader.OrganisationId)
        {
            return new NotFound();
        }

        var open = instance.Vault.Open;
        if (open is null)
        {
            return new VaultSealed();
        }

        open.Cases.CatchUp(instance.Database, open.Keys);
        var organisations = new ListOrganisations(instance).Run().Value;
        var included = scope is StatisticsScope.Organisation org
            ? organisations.Where(o => o.Id == org.Id)
            : organisations.Where(o => o.SharesWithCoalition);

        using var csv = CsvWriter.Create(output, new CsvWriterOptions(), true);
        csv.WriteRecord(Header);
        var row = 0;
        foreach (var organisation in included)
        {
            foreach (var stored in open.Cases.In(organisation.Id))
            {
                var c = stored.Record;
                if (scope is StatisticsScope.Coalition && (c.Victims.Count == 0 || !c.Victims.All(v => v.Allows("anonymous_statistics"))))
                {
                    continue;
                }

                csv.WriteRecord(Line(++row, organisation.Name, c));
                if (row % 10_000 == 0)
                {
                    csv.Flush();
                    progress?.Invoke(row);
                }
            }
        }

        csv.Flush();
        progress?.Invoke(row);
        return row;
    }

    private static string[] Line(int row, string organisation, CaseRecord c)
    {
        var named = c.Victims.Count > 0 && c.Victims.All(v => v.Allows("named_publication"));
        static string Join(IEnumerable<string?> codes) => string.Join(';', codes.OfType<string>().Distinct().Order(StringComparer.Ordinal));
        var violations = c.Acts.SelectMany(a => a.Violations).ToList();
        return
        [
            row.ToString(CultureInfo.InvariantCulture),
            organisation,
            c.Date.From.Year.ToString(CultureInfo.InvariantCulture),
            c.Date.Precision is DatePrecision.Day or DatePrecision.Month ? c.Date.From.Month.ToString(CultureInfo.InvariantCulture) : "",
            named && c.Date.Precision == DatePrecision.Day ? c.Date.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "",
            c.Place.Region ?? "",
            named ? c.Place.Settlement ?? "" : "",
            c.Status == CaseStatus.Verified ? "verified" : "draft",
            c.Victims.Count.ToString(CultureInfo.InvariantCulture),
            c.Acts.Count.ToString(CultureInfo.InvariantCulture),
            Join(violations),
            Join(c.Acts.SelectMany(a => a.Perpetrators).Select(p => p.Type)),
            Join(violations.SelectMany(v => Catalog.Default[Catalog.Violations].Find(v)?.Iccpr ?? [])),
            Join(c.Victims.Select(v => v.SexualOrientation)),
            Join(c.Victims.Select(v => v.GenderIdentity)),
            Join(c.Victims.Select(v => v.GenderExpression)),
            Join(c.Victims.Select(v => v.SexCharacteristics)),
            Join(c.Victims.Select(v => v.TransStatus)),
            Join(c.Victims.Select(v => v.EffectiveAgeBand)),
            Dimension.Find("reported")!.Values(new StatUnit(c, null, null)).Single(),
            Join(c.Interventions.Select(i => i.Response)),
        ];
    }
}
