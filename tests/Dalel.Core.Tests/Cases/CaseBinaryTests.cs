using System.Collections;
using System.Reflection;
using System.Text.Json;
using Dalel.Core.Cases;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Cases;

public sealed class CaseBinaryTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 4, 10, 30, 0, TimeSpan.FromHours(5));

    /// <summary>Every property of every part set to something other than its default.</summary>
    private static CaseRecord Full()
    {
        var victim = Guid.NewGuid();
        return new CaseRecord
        {
            Id = Guid.NewGuid(),
            OrganisationId = Guid.NewGuid(),
            Title = "Задержание в Алматы",
            Reference = "2024-17",
            ImportBatch = Guid.NewGuid(),
            Narrative = "Long narrative with ёлка and Қазақ letters",
            Date = new IncidentDate(DatePrecision.Range, new DateOnly(2024, 3, 1), new DateOnly(2024, 4, 30)),
            Place = new Place { Country = "KZ", Region = "east_kazakhstan", Settlement = "ridder", Locality = "микрорайон" },
            Status = CaseStatus.Verified,
            Victims =
            [
                new Victim
                {
                    Id = victim, CodeName = "V-1", Age = 0, AgeBand = "18_24", SexualOrientation = "gay", GenderIdentity = "man",
                    GenderExpression = "feminine", SexCharacteristics = "intersex", TransStatus = "trans", SogiescBasis = "self_identified",
                    Consents = [new ConsentGrant { Use = "anonymised_story", Granted = true, Date = new DateOnly(2024, 5, 1), Method = "written" }],
                },
            ],
            Acts =
            [
                new Act
                {
                    Id = Guid.NewGuid(), VictimId = victim, Violations = ["police_violence", "raid"],
                    Perpetrators = [new Perpetrator { Type = "police", Involvement = "carried_out", Count = 300, Description = "officers" }],
                    Consequences = ["injury"], ConsequencesNote = "lost job",
                },
            ],
            Sources = [new Source { Type = "victim", Reliability = "high", Date = new DateOnly(2024, 5, 2), Description = "interview" }],
            Interventions = [new Intervention { Type = "complaint_police", Date = new DateOnly(2024, 5, 3), Response = "no_action", Note = "ignored" }],
            Files = [new EvidenceFile { Id = Guid.NewGuid(), FileName = "photo.jpg", ContentType = "image/jpeg", Size = 123_456_789_012, Sha256 = "ab12", UploadedAt = At, DerivedFrom = Guid.NewGuid(), Derivation = "metadata_removed" }],
            HateCrime = new HateCrimeAssessment { CriminalOffence = true, BiasIndicators = ["slurs_or_statements"], PublicSummary = "summary" },
            CreatedAt = At,
            UpdatedAt = At.AddDays(1),
        };
    }

    [Fact]
    public void The_sample_sets_every_field_so_a_new_field_cannot_be_forgotten_by_the_codec() =>
        Assert.Empty(Unset(Full(), "case"));

    [Fact]
    public void A_case_with_every_field_set_comes_back_the_same()
    {
        var record = Full();
        var read = CaseBinary.Read(CaseBinary.Write(record));
        SameJson.Equal(record, read);
        Assert.Equal(record.CreatedAt.Offset, read.CreatedAt.Offset);
    }

    [Fact]
    public void A_case_with_nothing_optional_comes_back_the_same()
    {
        var record = new CaseRecord
        {
            Id = Guid.NewGuid(),
            OrganisationId = Guid.NewGuid(),
            Title = "",
            Date = new IncidentDate(DatePrecision.Year, new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31)),
            Place = new Place(),
        };
        SameJson.Equal(record, CaseBinary.Read(CaseBinary.Write(record)));
    }

    [Fact]
    public void Reading_the_facts_only_keeps_every_code_and_no_free_text()
    {
        var record = Full();
        var facts = CaseBinary.ReadFacts(CaseBinary.Write(record));
        var withoutTexts = record with
        {
            Title = "",
            Narrative = "",
            Reference = null,
            Place = record.Place with { Locality = null },
            Victims = [.. record.Victims.Select(v => v with { CodeName = "" })],
            Acts = [.. record.Acts.Select(a => a with { ConsequencesNote = null, Perpetrators = [.. a.Perpetrators.Select(p => p with { Description = null })] })],
            Sources = [.. record.Sources.Select(x => x with { Description = null })],
            Interventions = [.. record.Interventions.Select(i => i with { Note = null })],
            Files = [.. record.Files.Select(f => f with { FileName = "" })],
            HateCrime = record.HateCrime! with { PublicSummary = null },
        };
        SameJson.Equal(withoutTexts, facts);
    }

    [Fact]
    public void Codes_come_back_as_one_shared_string()
    {
        var bytes = CaseBinary.Write(Full());
        Assert.Same(CaseBinary.Read(bytes).Acts[0].Violations[0], CaseBinary.Read(bytes).Acts[0].Violations[0]);
        Assert.NotSame(CaseBinary.Read(bytes).Title, CaseBinary.Read(bytes).Title);
    }

    [Fact]
    public void Cases_sealed_as_JSON_before_the_binary_form_still_open()
    {
        var keys = new KeyRing(Aead.NewKey());
        var record = Full();
        keys.AddOrg(record.OrganisationId, keys.WrapOrgKey(record.OrganisationId, Aead.NewKey()));
        var json = Aead.Seal(keys.DataKey(record.OrganisationId), JsonSerializer.SerializeToUtf8Bytes(record, Json.Files), CaseSealing.BodyAad(record.OrganisationId, record.Id));

        SameJson.Equal(record, CaseSealing.OpenBody(keys, record.OrganisationId, record.Id, json));
        SameJson.Equal(record, CaseSealing.OpenBody(keys, record.OrganisationId, record.Id, CaseSealing.SealBody(keys.DataKey(record.OrganisationId), record)));
    }

    /// <summary>Paths of properties left at their default (null, empty list, zero, false, first enum value) in the sample.</summary>
    private static IEnumerable<string> Unset(object value, string path)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.CanWrite))
        {
            var v = property.GetValue(value);
            var at = $"{path}.{property.Name}";
            var type = property.PropertyType;
            if (v is null || (v is ICollection { Count: 0 }) || (type.IsValueType && Nullable.GetUnderlyingType(type) is null && type != typeof(int) && v.Equals(Activator.CreateInstance(type))))
            {
                // Ints may be zero on purpose (Age = 0 checks that zero is not read as null); everything else must differ from its default.
                if (!(type.IsEnum && Enum.GetValues(type).Length == 1))
                {
                    yield return at;
                }

                continue;
            }

            if (v is IEnumerable items and not string)
            {
                foreach (var item in items)
                {
                    foreach (var unset in Unset(item, at + "[]"))
                    {
                        yield return unset;
                    }
                }
            }
            else if (type.IsClass && type != typeof(string) && type.Namespace == typeof(CaseRecord).Namespace)
            {
                foreach (var unset in Unset(v, at))
                {
                    yield return unset;
                }
            }
        }
    }
}
