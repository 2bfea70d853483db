using Dalel.Core.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Tests.Vocabularies;

public sealed class CatalogTests
{
    private static readonly Catalog Catalog = Catalog.Default;

    [Fact]
    public void Every_term_has_a_unique_code_labels_in_three_languages_and_a_huridocs_mapping()
    {
        Assert.Equal(19, Catalog.All.Count());
        foreach (var list in Catalog.All)
        {
            Assert.Matches(@"^\d{4}\.\d+$", list.Version);
            Assert.Equal(list.Terms.Count, list.Terms.Select(t => t.Code).Distinct().Count());
            foreach (var term in list.Terms)
            {
                Assert.Matches("^[a-z0-9_]+$", term.Code);
                Assert.All(term.Labels.All(), l => Assert.False(string.IsNullOrWhiteSpace(l), $"{list.Name}/{term.Code}"));
                Assert.NotEmpty(term.Huridocs);
                Assert.All(term.Huridocs, h => Assert.Matches(@"^MT\d{2}:\w+$", h));
            }
        }
    }

    [Fact]
    public void Violations_cover_the_reference_submission_and_map_to_iccpr_articles()
    {
        string[] required =
        [
            "physical_assault", "extortion_blackmail", "fake_dating", "threat_of_outing", "outing_by_media", "police_violence",
            "arbitrary_detention", "forced_sogi_disclosure", "data_collection_lists", "raid", "legal_gender_recognition_refused",
            "coercive_medical_requirements", "denial_of_health_care", "discrimination_employment", "discrimination_education",
            "discrimination_housing", "discrimination_services", "foster_adoption_exclusion", "hate_speech_officials",
            "hate_speech_parliament", "hate_speech_media", "online_hate_speech", "website_blocking", "assembly_denied",
            "assembly_harassment", "ngo_registration_denied", "prosecution_unregistered_activity", "exclusion_from_consultations",
            "pressure_on_activists", "pressure_on_students",
        ];
        var violations = Catalog[Catalog.Violations];
        Assert.All(required, code => Assert.True(violations.Contains(code), code));
        Assert.All(violations.Terms, t => Assert.NotEmpty(t.Iccpr));
        Assert.Contains("17", violations.Find("fake_dating")!.Iccpr);
        Assert.Contains("21", violations.Find("assembly_denied")!.Iccpr);
        Assert.Contains("22", violations.Find("ngo_registration_denied")!.Iccpr);
    }

    [Fact]
    public void Perpetrator_types_cover_the_reference_submission_and_mark_state_agents()
    {
        var types = Catalog[Catalog.PerpetratorTypes];
        string[] required = ["police", "other_law_enforcement", "registration_service", "local_administration", "ministry", "member_of_parliament", "medical_staff", "educator", "employer", "media", "family", "private_individual", "organised_group", "unknown"];
        Assert.All(required, code => Assert.True(types.Contains(code), code));
        Assert.True(types.Find("police")!.State);
        Assert.False(types.Find("family")!.State);
    }

    [Fact]
    public void Sogiesc_lists_are_separate()
    {
        Assert.DoesNotContain(Catalog[Catalog.SexualOrientation].Terms, t => t.Code == "trans");
        Assert.DoesNotContain(Catalog[Catalog.GenderIdentity].Terms, t => t.Code is "gay" or "lesbian");
        Assert.Contains(Catalog[Catalog.SexCharacteristics].Terms, t => t.Code == "intersex");
        Assert.Contains(Catalog[Catalog.TransStatus].Terms, t => t.Code == "trans");
    }

    [Fact]
    public void Kazakhstan_has_17_regions_and_3_cities_of_republican_significance()
    {
        var kz = Catalog.Geography.FindCountry("KZ")!;
        Assert.Equal(17, kz.Regions.Count(r => r.Kind == "region"));
        Assert.Equal(["almaty_city", "astana", "shymkent"], kz.Regions.Where(r => r.Kind == "city").Select(r => r.Code).Order());
        Assert.Equal("Қарағанды облысы", kz.Regions.Single(r => r.Code == "karaganda").Labels.Kk);
        Assert.All(kz.Regions.Where(r => r.Kind == "region"), r => Assert.NotEmpty(r.Settlements));
    }

    [Fact]
    public void Every_ui_text_exists_in_english_russian_and_kazakh()
    {
        Assert.NotEmpty(Texts.Keys);
        foreach (var key in Texts.Keys)
        {
            var t = Texts.Translations(key);
            Assert.All(Texts.Languages, lang => Assert.False(string.IsNullOrWhiteSpace(t.GetValueOrDefault(lang)), $"{key}/{lang}"));
            var placeholders = t.Values.Select(v => System.Text.RegularExpressions.Regex.Count(v, @"\{\d\}")).Distinct();
            Assert.Single(placeholders);
        }
    }

    [Fact]
    public void Every_filter_list_has_a_label_text() =>
        Assert.All(Catalog.All, list => Assert.True(Texts.Has("list." + list.Name), list.Name));
}
