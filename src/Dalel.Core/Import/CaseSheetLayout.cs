using System.Globalization;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Import;

/// <summary>
/// The one column layout of the import template and of a case sheet export, so a sheet can go out and come back: one
/// row per victim, the case's fields repeated on each of its rows, coded values as labels in the chosen language,
/// several values in one cell separated by "; ", dates as a documenter writes them (15.03.2024, 03.2024, 2024).
/// </summary>
public static class CaseSheetLayout
{
    /// <summary>The fields a member with these capabilities gets, in layout order.</summary>
    public static IReadOnlyList<string> FieldsFor(Func<Capability, bool> can) =>
        ImportFields.All.Where(f => can(Capability.ReadIdentities) || !ImportFields.IsIdentity(f))
            .Where(f => can(Capability.ReadNarratives) || !(ImportFields.IsText(f) && f != ImportFields.Reference))
            .ToList();

    public static string Header(string field, string language) => Texts.Get("import.field." + field, language);

    /// <summary>The header as a mapping: each column of the layout to its field (for a sheet that has exactly this layout).</summary>
    public static ImportMapping Mapping(IReadOnlyList<string> fields) => new()
    {
        Columns = fields.Select((f, i) => new MappedColumn(i, f)).ToList(),
        RowPerVictim = true,
    };

    /// <summary>The case's rows: one per victim, cells in the order of <paramref name="fields"/>.</summary>
    internal static IEnumerable<string[]> Rows(CaseRecord record, IReadOnlyList<VictimIdentity> identities, IReadOnlyList<string> fields, Catalog catalog, string language, bool narratives)
    {
        var region = catalog.Geography.FindRegion(record.Place.Country, record.Place.Region);
        var settlement = catalog.Geography.FindSettlement(record.Place.Country, record.Place.Region, record.Place.Settlement);
        var (from, to) = Dates(record.Date);
        var number = 0;
        foreach (var victim in record.Victims)
        {
            number++;
            var acts = record.Acts.Where(a => a.VictimId == victim.Id).ToList();
            var identity = identities.FirstOrDefault(i => i.VictimId == victim.Id);
            string Labels(string list, IEnumerable<string> codes) => string.Join("; ", codes.Distinct().Select(c => catalog[list].Label(c, language)));
            yield return fields.Select(field => field switch
            {
                ImportFields.Reference => narratives ? record.Reference ?? record.Id.ToString("D") : record.Id.ToString("D"),
                ImportFields.Date => from,
                ImportFields.DateTo => to,
                ImportFields.Title => record.Title,
                ImportFields.Narrative => record.Narrative,
                ImportFields.Region => region?.Labels.For(language) ?? "",
                ImportFields.Settlement => settlement?.Labels.For(language) ?? "",
                ImportFields.Locality => record.Place.Locality ?? "",
                ImportFields.Violation => Labels(Catalog.Violations, acts.SelectMany(a => a.Violations)),
                ImportFields.Perpetrator => Labels(Catalog.PerpetratorTypes, acts.SelectMany(a => a.Perpetrators).Select(p => p.Type)),
                ImportFields.Consequence => Labels(Catalog.Consequences, acts.SelectMany(a => a.Consequences)),
                // Analysts see no code names: the victims of a case are numbered instead.
                ImportFields.VictimCode => narratives ? victim.CodeName : $"V{number}",
                ImportFields.Age => victim.Age?.ToString(CultureInfo.InvariantCulture) ?? "",
                ImportFields.GenderIdentity => catalog[Catalog.GenderIdentity].Label(victim.GenderIdentity, language),
                ImportFields.SexualOrientation => catalog[Catalog.SexualOrientation].Label(victim.SexualOrientation, language),
                ImportFields.Consent => Consent(victim, catalog, language),
                ImportFields.VictimName => identity?.FullName ?? "",
                ImportFields.VictimContacts => identity?.Contacts ?? "",
                _ => "",
            }).ToArray();
        }
    }

    /// <summary>The uses the victim currently allows, joined by " + "; empty when nothing was ever recorded.</summary>
    private static string Consent(Victim victim, Catalog catalog, string language)
    {
        if (victim.Consents.Count == 0)
        {
            return "";
        }

        var allowed = catalog[Catalog.ConsentUses].Terms.Where(t => victim.Allows(t.Code)).Select(t => t.Label(language)).ToList();
        return allowed.Count == 0 ? catalog[Catalog.ConsentUses].Label("internal", language) : string.Join(" + ", allowed);
    }

    private static (string From, string To) Dates(IncidentDate date) => date.Precision switch
    {
        DatePrecision.Day => (Day(date.From), ""),
        DatePrecision.Month => (date.From.ToString("MM.yyyy", CultureInfo.InvariantCulture), ""),
        DatePrecision.Year => (date.From.Year.ToString(CultureInfo.InvariantCulture), ""),
        _ => (Day(date.From), Day(date.To)),
    };

    private static string Day(DateOnly day) => day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
}
