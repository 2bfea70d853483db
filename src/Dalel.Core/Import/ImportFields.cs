using Dalel.Core.Vocabularies;

namespace Dalel.Core.Import;

/// <summary>
/// The Dalel fields a sheet's column can be mapped to, in the order of the template and of a case sheet export
/// (one row per victim; the case's fields repeat on each of its rows).
/// </summary>
public static class ImportFields
{
    public const string Reference = "reference";
    public const string Date = "date";
    public const string DateTo = "date_to";
    public const string Title = "title";
    public const string Narrative = "narrative";
    public const string Region = "region";
    public const string Settlement = "settlement";
    public const string Locality = "locality";
    public const string Violation = "violation";
    public const string Perpetrator = "perpetrator";
    public const string Consequence = "consequence";
    public const string VictimCode = "victim_code";
    public const string Age = "age";
    public const string GenderIdentity = "gender_identity";
    public const string SexualOrientation = "sexual_orientation";
    public const string Consent = "consent";
    public const string VictimName = "victim_name";
    public const string VictimContacts = "victim_contacts";

    public static IReadOnlyList<string> All { get; } =
    [
        Reference, Date, DateTo, Title, Narrative, Region, Settlement, Locality, Violation, Perpetrator, Consequence,
        VictimCode, Age, GenderIdentity, SexualOrientation, Consent, VictimName, VictimContacts,
    ];

    /// <summary>The vocabulary a coded field's values are mapped to; null for free text and for places.</summary>
    public static string? VocabularyOf(string field) => field switch
    {
        Violation => Catalog.Violations,
        Perpetrator => Catalog.PerpetratorTypes,
        Consequence => Catalog.Consequences,
        GenderIdentity => Catalog.GenderIdentity,
        SexualOrientation => Catalog.SexualOrientation,
        Consent => Catalog.ConsentUses,
        _ => null,
    };

    /// <summary>Fields whose every distinct value is mapped to a term (or a place) in the value-mapping step.</summary>
    public static bool IsCoded(string field) => VocabularyOf(field) is not null || IsPlace(field);

    public static bool IsPlace(string field) => field is Region or Settlement;

    /// <summary>Fields whose cells may list several values ("избиение; угрозы"), each mapped on its own.</summary>
    public static bool IsList(string field) => field is Violation or Perpetrator or Consequence;

    /// <summary>A value of the consent column may stand for several uses at once.</summary>
    public static bool MapsToSeveral(string field) => field is Consent;

    /// <summary>Fields only owners and documenters see (names, contacts) or only those who read narratives.</summary>
    public static bool IsIdentity(string field) => field is VictimName or VictimContacts;

    public static bool IsText(string field) => field is Title or Narrative or Locality or VictimCode or Reference;

    /// <summary>Fields several columns may be mapped to: the narrative, combined in column order.</summary>
    public static bool MayRepeat(string field) => field is Narrative;

    /// <summary>What separates several values in one cell.</summary>
    public static readonly char[] ListSeparators = [';', ',', '\n', '/'];

    public static IEnumerable<string> SplitList(string cell) =>
        cell.Split(ListSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
