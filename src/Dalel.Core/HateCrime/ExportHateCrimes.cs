using System.Globalization;
using CsvHelper;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Submissions;
using Dalel.Core.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.HateCrime;

/// <summary>
/// One incident as ODIHR's hate crime report receives it: coded, de-identified, month precision, region only, with a
/// reference the organisation can look up when ODIHR checks back (never the case's own id or reference).
/// </summary>
public sealed record HateCrimeIncident(
    string Date, string Region, string BiasCategory, string IncidentType, string Target, int Victims,
    string BiasIndicators, string Description, string ReportedToPolice, string PoliceResponse, string Organisation)
{
    public string Reference { get; init; } = "";

    public string Perpetrators { get; init; } = "";

    public string Source { get; init; } = "";

    /// <summary>The description was written from the coded facts (no consented summary in the export's language).</summary>
    public bool DescriptionFromFacts { get; init; }

    public Guid Case { get; init; }
}

public sealed record HateCrimeReport(IReadOnlyList<HateCrimeIncident> Incidents, int LeftOutForConsent, int DescriptionsWithheld);

public enum HateCrimeFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// The organisation's contribution to ODIHR's annual hate crime report, for one State. An incident is included when
/// the documenter judged it a criminal offence, recorded at least one bias indicator, at least one act is an ODIHR
/// offence type (<see cref="OffenceMapping"/>: discrimination and hate speech alone are not hate crimes), it happened
/// in the chosen year and State, and every victim consents to anonymous statistics. The description is the case's
/// public summary when every victim consents to an anonymised story, the story checks flag nothing and it is written in
/// the export's script; otherwise it is written from the coded facts, so no row goes out empty.
/// </summary>
public sealed class ExportHateCrimes(DalelInstance instance)
{
    public Result<HateCrimeReport> Select(OrgScope scope, int year, string language = "en", string? country = null)
    {
        var opened = instance.Enter(scope, Capability.ExportCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var mapping = OffenceMapping.For(instance);
        if (!mapping.IsOk)
        {
            return mapping.Error!;
        }

        var member = new ListOrganisations(instance).Run().Value.First(o => o.Id == scope.OrganisationId);
        var organisation = member.Name;
        country ??= member.Countries[0];
        var catalog = instance.Catalog;
        var incidents = new List<HateCrimeIncident>();
        var leftOut = 0;
        var withheld = 0;
        foreach (var (stored, record) in opened.Value.CasesWithIdentities.Select(c => (c, c.Record)).OrderBy(c => c.Record.Date.From))
        {
            var types = mapping.Value.TypesOf(record);
            if (record.Date.Year != year || record.Place.Country != country || record.HateCrime is not { CriminalOffence: true, BiasIndicators.Count: > 0 } hate || types.Count == 0)
            {
                continue;
            }

            if (record.Victims.Count == 0 || !record.Victims.All(v => v.Allows("anonymous_statistics")))
            {
                leftOut++;
                continue;
            }

            var summary = hate.PublicSummary ?? "";
            var publishable = summary.Length > 0 && StoryConsent.Allows(record)
                && StoryChecks.Find(summary, record, stored.Identities, catalog.Geography).Count == 0;
            if (!publishable && summary.Length > 0)
            {
                withheld++;
            }

            var fromFacts = !publishable || !IncidentDescription.InScriptOf(summary, language);

            var police = record.Interventions.Where(i => i.Type == "complaint_police").ToList();
            incidents.Add(new HateCrimeIncident(
                Date: record.Date.Precision == DatePrecision.Year ? record.Date.From.ToString("yyyy", CultureInfo.InvariantCulture) : record.Date.From.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                Region: catalog.Geography.FindRegion(record.Place.Country, record.Place.Region)?.Labels.For(language) ?? "",
                BiasCategory: Texts.Get("hate_crime.anti_lgbti", language),
                IncidentType: string.Join("; ", types.Select(t => Texts.Get("hate_crime.type_" + t, language))),
                Target: string.Join("; ", types.Select(t => Texts.Get(t == "property" ? "hate_crime.target_property" : "hate_crime.target_person", language)).Distinct()),
                Victims: record.Victims.Count,
                BiasIndicators: string.Join("; ", hate.BiasIndicators.Select(b => catalog[Catalog.BiasIndicators].Find(b)?.Label(language) ?? b)),
                Description: fromFacts ? IncidentDescription.FromFacts(record, language, catalog) : summary,
                ReportedToPolice: Texts.Get(police.Count > 0 ? "hate_crime.yes" : "hate_crime.no", language),
                PoliceResponse: police.Select(p => p.Response).LastOrDefault(r => r is not null) is { } response ? catalog[Catalog.Responses].Find(response)?.Label(language) ?? response : "",
                Organisation: organisation)
            {
                Reference = IncidentDescription.Reference(opened.Value.DataKey, record.Id, record.Date.From.Year),
                Perpetrators = IncidentDescription.Labels(record.Acts.SelectMany(a => a.Perpetrators).Select(p => p.Type), Catalog.PerpetratorTypes, language, catalog),
                Source = record.Sources.Count == 0
                    ? Texts.Get("hate_crime.source_documented", language)
                    : IncidentDescription.Labels(record.Sources.Select(s => s.Type), Catalog.SourceTypes, language, catalog),
                DescriptionFromFacts = fromFacts,
                Case = record.Id,
            });
        }

        return new HateCrimeReport(incidents, leftOut, withheld);
    }

    public Result<HateCrimeReport> Run(OrgScope scope, int year, HateCrimeFormat format, Stream output, string language = "en", string? country = null)
    {
        var selected = Select(scope, year, language, country);
        if (!selected.IsOk)
        {
            return selected;
        }

        var header = Columns.Select(c => Texts.Get("hate_crime.column_" + c, language)).ToArray();
        var rows = selected.Value.Incidents.Select(Cells).ToList();
        if (format == HateCrimeFormat.Csv)
        {
            using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(true), leaveOpen: true);
            using var csv = Transfer.CsvOutput.Open(writer);
            csv.WriteRecord(header);
            foreach (var row in rows)
            {
                csv.WriteRecord(row);
            }

            csv.Flush();
        }
        else
        {
            HateCrimeSheet.Write(output, $"HCR {year}", header, rows, Widths, numberColumn: Array.IndexOf(Columns, "victims"));
        }

        if (instance.Enter(scope, Capability.ExportCases) is { IsOk: true } opened)
        {
            opened.Value.Audit(AuditAction.HateCrimeReportExported, year.ToString(CultureInfo.InvariantCulture));
        }
        return selected;
    }

    private static readonly string[] Columns =
        ["reference", "date", "region", "bias", "type", "target", "victims", "perpetrators", "indicators", "description", "source", "reported", "response", "organisation"];

    /// <summary>Column widths in characters: the description wraps in a wide column, codes stay narrow.</summary>
    private static readonly double[] Widths = [16, 11, 22, 14, 20, 16, 9, 26, 30, 60, 22, 12, 22, 24];

    private static string[] Cells(HateCrimeIncident i) =>
        [i.Reference, i.Date, i.Region, i.BiasCategory, i.IncidentType, i.Target, i.Victims.ToString(CultureInfo.InvariantCulture), i.Perpetrators, i.BiasIndicators,
         i.Description, i.Source, i.ReportedToPolice, i.PoliceResponse, i.Organisation];
}
