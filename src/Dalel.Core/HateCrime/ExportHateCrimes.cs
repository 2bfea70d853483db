using System.Globalization;
using CsvHelper;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Submissions;
using Dalel.Core.Text;
using Dalel.Core.Vocabularies;
using MiniExcelLibs;

namespace Dalel.Core.HateCrime;

/// <summary>One incident as ODIHR's hate crime report receives it: coded, de-identified, month precision, region only.</summary>
public sealed record HateCrimeIncident(
    string Date, string Region, string BiasCategory, string IncidentType, string Target, int Victims,
    string BiasIndicators, string Description, string ReportedToPolice, string PoliceResponse, string Organisation);

public sealed record HateCrimeReport(IReadOnlyList<HateCrimeIncident> Incidents, int LeftOutForConsent, int DescriptionsWithheld);

public enum HateCrimeFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// The organisation's contribution to ODIHR's annual hate crime report. An incident is included when the documenter
/// judged it a criminal offence, recorded at least one bias indicator, and it is a violent attack, a threat or an
/// attack on property (discrimination and hate speech alone are not hate crimes for ODIHR), in the chosen year, and
/// every victim consents to anonymous statistics. The description is the case's public summary, and only when every
/// victim consents to an anonymised story and the summary has no detail the story checks flag.
/// </summary>
public sealed class ExportHateCrimes(DalelInstance instance)
{
    private static readonly HashSet<string> ViolentAttacks = new(StringComparer.Ordinal) { "physical_assault", "sexual_violence", "police_violence" };
    private static readonly HashSet<string> Threats = new(StringComparer.Ordinal) { "threats", "extortion_blackmail", "fake_dating", "threat_of_outing" };
    private static readonly HashSet<string> PropertyAttacks = new(StringComparer.Ordinal) { "property_damage" };

    public Result<HateCrimeReport> Select(OrgScope scope, int year, string language = "en")
    {
        var opened = instance.Enter(scope, Capability.ExportCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var organisation = new ListOrganisations(instance).Run().Value.First(o => o.Id == scope.OrganisationId).Name;
        var catalog = instance.Catalog;
        var incidents = new List<HateCrimeIncident>();
        var leftOut = 0;
        var withheld = 0;
        foreach (var stored in opened.Value.Cases.OrderBy(c => c.Record.Date.From))
        {
            var record = stored.Record;
            var type = IncidentType(record);
            if (record.Date.Year != year || record.HateCrime is not { CriminalOffence: true, BiasIndicators.Count: > 0 } hate || type is null)
            {
                continue;
            }

            if (record.Victims.Count == 0 || !record.Victims.All(v => v.Allows("anonymous_statistics")))
            {
                leftOut++;
                continue;
            }

            var description = hate.PublicSummary ?? "";
            var publishable = description.Length > 0 && StoryConsent.Allows(record)
                && StoryChecks.Find(description, record, stored.Identities, catalog.Geography).Count == 0;
            if (!publishable && description.Length > 0)
            {
                withheld++;
            }

            var police = record.Interventions.Where(i => i.Type == "complaint_police").ToList();
            incidents.Add(new HateCrimeIncident(
                Date: record.Date.Precision == DatePrecision.Year ? record.Date.From.ToString("yyyy", CultureInfo.InvariantCulture) : record.Date.From.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                Region: catalog.Geography.FindRegion(record.Place.Country, record.Place.Region)?.Labels.For(language) ?? "",
                BiasCategory: Texts.Get("hate_crime.anti_lgbti", language),
                IncidentType: Texts.Get("hate_crime.type_" + type, language),
                Target: Texts.Get(type == "property" ? "hate_crime.target_property" : "hate_crime.target_person", language),
                Victims: record.Victims.Count,
                BiasIndicators: string.Join("; ", hate.BiasIndicators.Select(b => catalog[Catalog.BiasIndicators].Find(b)?.Label(language) ?? b)),
                Description: publishable ? description : "",
                ReportedToPolice: Texts.Get(police.Count > 0 ? "hate_crime.yes" : "hate_crime.no", language),
                PoliceResponse: police.Select(p => p.Response).LastOrDefault(r => r is not null) is { } response ? catalog[Catalog.Responses].Find(response)?.Label(language) ?? response : "",
                Organisation: organisation));
        }

        return new HateCrimeReport(incidents, leftOut, withheld);
    }

    public Result<HateCrimeReport> Run(OrgScope scope, int year, HateCrimeFormat format, Stream output, string language = "en")
    {
        var selected = Select(scope, year, language);
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
            var sheet = new List<Dictionary<string, object>> { header.Select((h, i) => (h, i)).ToDictionary(x => $"C{x.i}", x => (object)x.h) };
            sheet.AddRange(selected.Value.Incidents.Select(incident => Cells(incident).Select((v, i) => (v, i))
                .ToDictionary(x => $"C{x.i}", x => x.i == 5 ? (object)incident.Victims : x.v)));
            output.SaveAs(sheet, printHeader: false, sheetName: $"HCR {year}");
        }

        if (instance.Enter(scope, Capability.ExportCases) is { IsOk: true } opened)
        {
            opened.Value.Audit(AuditAction.HateCrimeReportExported, year.ToString(CultureInfo.InvariantCulture));
        }
        return selected;
    }

    private static readonly string[] Columns = ["date", "region", "bias", "type", "target", "victims", "indicators", "description", "reported", "response", "organisation"];

    private static string[] Cells(HateCrimeIncident i) =>
        [i.Date, i.Region, i.BiasCategory, i.IncidentType, i.Target, i.Victims.ToString(CultureInfo.InvariantCulture), i.BiasIndicators, i.Description, i.ReportedToPolice, i.PoliceResponse, i.Organisation];

    /// <summary>The most serious of the case's acts decides: a violent attack, else a threat, else an attack on property.</summary>
    private static string? IncidentType(CaseRecord record)
    {
        var violations = record.Acts.SelectMany(a => a.Violations).ToHashSet(StringComparer.Ordinal);
        return violations.Overlaps(ViolentAttacks) ? "violent_attack"
            : violations.Overlaps(Threats) ? "threat"
            : violations.Overlaps(PropertyAttacks) ? "property"
            : null;
    }
}
