using System.Globalization;
using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Import;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;

namespace Dalel.Core.Tests.Import;

/// <summary>
/// Importing a messy Russian sheet (issue 14): Windows-1251 with semicolons, a row per victim, dates in four forms,
/// free-text regions and perpetrators; the dry run's report row by row, all or nothing, re-import updating in place.
/// </summary>
public sealed class ImportSheetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dalel-import-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Rows 2–8 as a documenter kept them; rows 5 and 8 have problems.</summary>
    private static readonly string[] Messy =
    [
        "№;Дата;Область;Город;Что произошло;Кто;Нарушение;Пострадавший;Возраст;Согласие",
        "2024-01;15.03.2024;г. Алматы;;Задержали у клуба и требовали деньги;участковый;вымогательство;А.;23;да, для статистики",
        "2024-01;15.03.2024;;;;МВД;избиение;Б.;25 лет;",
        "2024-02;45366;Карагандинская обл.;Темиртау;Угрозы в интернете;неизвестные;угрозы;В.;;нет",
        "2024-03;31.02.2024;Алматинская;;Аутинг на работе;полиция;аутинг;Г.;около 30;",
        "2024-04;март 2024;Абай;;Избили соседи;соседи;побои;Д.;19;",
        "2024-05;2023;Туркестан;;Угрожали родственники;родственники;угрозы;Е.;;нет",
        "2024-06;2024;Солнечный;;Рейд;полиция;рейд;Ж.;;",
    ];

    private string Write(IEnumerable<string> lines, string name = "messy.csv")
    {
        var path = Path.Combine(_directory, name);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        File.WriteAllText(path, string.Join("\r\n", lines), Encoding.GetEncoding(1251));
        return path;
    }

    private static Sheet Open(string path) => Sheet.Open(path).Value;

    /// <summary>The mapping a documenter arrives at: the suggestions accepted, one answer mapped by hand.</summary>
    private static ImportMapping Mapping(Sheet sheet)
    {
        var columns = SuggestMapping.Columns(sheet.Header).Where(c => c.Field is not null).Select(c => new MappedColumn(c.Column, c.Field!)).ToList();
        var mapping = new ImportMapping { Columns = columns, RowPerVictim = true, ConsentMethod = "verbal" };
        mapping = SuggestMapping.WithSuggestions(mapping, SuggestMapping.Values(sheet, mapping, Catalog));
        var consent = mapping.Values[ImportFields.Consent].ToDictionary(StringComparer.OrdinalIgnoreCase);
        consent["да, для статистики"] = "anonymous_statistics";
        return mapping with { Values = new Dictionary<string, IReadOnlyDictionary<string, string>>(mapping.Values) { [ImportFields.Consent] = consent } };
    }

    private static Core.Vocabularies.Catalog Catalog => Core.Vocabularies.Catalog.Default;

    [Fact]
    public void A_regional_organisations_sheet_files_each_row_in_the_State_its_region_names()
    {
        using var test = TestInstance.Create();
        var sheet = Open(Write(
        [
            "№;Дата;Область;Что произошло;Кто;Нарушение;Пострадавший",
            "1;15.03.2024;г. Алматы;Задержали;полиция;побои;А.",
            "2;16.03.2024;Бишкек;Задержали;полиция;побои;Б.",
            "3;17.03.2024;Ошская область;Угрозы;соседи;угрозы;В.",
            "4;18.03.2024;;Угрозы;соседи;угрозы;Г.",
        ], "regional.csv"));
        var columns = SuggestMapping.Columns(sheet.Header).Where(c => c.Field is not null).Select(c => new MappedColumn(c.Column, c.Field!)).ToList();
        var mapping = new ImportMapping { Columns = columns, Country = "KG", AlsoCountries = ["KG", "KZ"] };
        mapping = SuggestMapping.WithSuggestions(mapping, SuggestMapping.Values(sheet, mapping, Catalog));

        Assert.Equal(4, new ImportSheet(test.Instance).Run(test.OwnerOfA, sheet, mapping, "reg").Value.Created);

        var places = Cases(test, test.OwnerOfA).ToDictionary(c => c.Record.Reference!, c => (c.Record.Place.Country, c.Record.Place.Region));
        Assert.Equal(("KZ", "almaty_city"), places["1"]);
        Assert.Equal(("KG", "bishkek"), places["2"]);
        Assert.Equal(("KG", "osh"), places["3"]);
        Assert.Equal(("KG", (string?)null), places["4"]);
    }

    [Fact]
    public void The_messy_sheet_gets_every_column_and_every_value_suggested()
    {
        var sheet = Open(Write(Messy));

        Assert.Equal("CSV, windows-1251, ';'", sheet.Description);
        Assert.Equal(
            [ImportFields.Reference, ImportFields.Date, ImportFields.Region, ImportFields.Settlement, ImportFields.Narrative, ImportFields.Perpetrator, ImportFields.Violation, ImportFields.VictimCode, ImportFields.Age, ImportFields.Consent],
            SuggestMapping.Columns(sheet.Header).Select(c => c.Field));
        var values = SuggestMapping.Values(sheet, Mapping(sheet) with { Values = new Dictionary<string, IReadOnlyDictionary<string, string>>() }, Catalog).ToDictionary(v => v.Field);
        string? Suggested(string field, string value) => values[field].Values.Single(v => v.Value == value).Code;
        Assert.Equal("almaty_city", Suggested(ImportFields.Region, "г. Алматы"));
        Assert.Equal("karaganda", Suggested(ImportFields.Region, "Карагандинская обл."));
        Assert.Equal("karaganda/temirtau", Suggested(ImportFields.Settlement, "Темиртау"));
        Assert.Null(Suggested(ImportFields.Region, "Солнечный"));
        Assert.Equal("Карагандинская область", ImportChoices.For(ImportFields.Region, Catalog).Nearest("Карагадинская", "ru")[0]);
        Assert.Equal("police", Suggested(ImportFields.Perpetrator, "участковый"));
        Assert.Equal("extortion_blackmail", Suggested(ImportFields.Violation, "вымогательство"));
        Assert.Equal("internal", Suggested(ImportFields.Consent, "нет"));
        Assert.Null(Suggested(ImportFields.Consent, "да, для статистики"));
        Assert.Equal(2, values[ImportFields.Perpetrator].Values.Single(v => v.Value == "полиция").Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void The_dry_run_names_each_problem_by_row_and_column_and_nothing_is_imported_until_there_is_none(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var sheet = Open(Write(Messy));
        var mapping = Mapping(sheet);

        var report = new ImportSheet(test.Instance).DryRun(test.OwnerOfA, sheet, mapping).Value;

        var lines = report.Problems.Select(p => $"{p.Row} {p.ColumnLetter} {p.Header}: {Text.Texts.Describe(p.AsFieldError(), "ru")}").ToList();
        Assert.Equal(
        [
            "5 B Дата: «31.02.2024» — такой даты нет в календаре",
            "5 I Возраст: «около 30» — не возраст: нужно целое число от 0 до 120",
        ], lines.Take(2));
        Assert.StartsWith("8 C Область: Регион «Солнечный» не найден. Ближайшие: ", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines[2].Split(": ")[^1].Split(", ").Length);
        Assert.Equal((7, 3), (report.Rows, report.ProblemCount));
        Assert.Equal(4, report.Created);

        var refused = new ImportSheet(test.Instance).Run(test.OwnerOfA, sheet, mapping, "sha");
        Assert.IsType<ImportRejected>(refused.Error);
        Assert.Empty(Cases(test, test.OwnerOfA));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_clean_sheet_imports_all_rows_as_one_batch_and_again_updates_instead_of_duplicating(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var clean = Messy.Where((_, i) => i is not 4 and not 7).ToList();
        var sheet = Open(Write(clean));
        var mapping = Mapping(sheet);

        var first = new ImportSheet(test.Instance).Run(test.OwnerOfA, sheet, mapping, "aa11").Value;

        Assert.Equal((5, 4, 0, 0), (first.Rows, first.Created, first.Updated, first.Unchanged));
        var cases = Cases(test, test.OwnerOfA).ToDictionary(c => c.Record.Reference!);
        var club = cases["2024-01"].Record;
        Assert.Equal(["А.", "Б."], club.Victims.Select(v => v.CodeName));
        Assert.Equal(new IncidentDate(DatePrecision.Day, new DateOnly(2024, 3, 15), new DateOnly(2024, 3, 15)), club.Date);
        Assert.Equal(("almaty_city", "extortion_blackmail", "police", "участковый"), (club.Place.Region, club.Acts[0].Violations[0], club.Acts[0].Perpetrators[0].Type, club.Acts[0].Perpetrators[0].Description));
        Assert.Equal("police", club.Acts[1].Perpetrators[0].Type);
        Assert.True(club.Victims[0].Allows("anonymous_statistics"));
        // No answer in the sheet: internal documentation only, never consent.
        Assert.Empty(club.Victims[1].Consents);
        Assert.False(club.Victims[1].Allows("anonymous_statistics"));
        var online = cases["2024-02"].Record;
        Assert.Equal((new DateOnly(2024, 3, 15), "karaganda", "temirtau"), (online.Date.From, online.Place.Region, online.Place.Settlement));
        Assert.Equal((DatePrecision.Month, DatePrecision.Year), (cases["2024-04"].Record.Date.Precision, cases["2024-05"].Record.Date.Precision));
        Assert.All(cases.Values, c => Assert.NotNull(c.Record.ImportBatch));

        test.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = new ImportSheet(test.Instance).Run(test.OwnerOfA, sheet, mapping, "aa11").Value;
        Assert.Equal((0, 0, 4), (again.Created, again.Updated, again.Unchanged));

        test.Clock.Advance(TimeSpan.FromMinutes(1));
        var changed = Open(Write(clean.Select(l => l.Replace("неизвестные", "полиция", StringComparison.Ordinal)), "changed.csv"));
        var third = new ImportSheet(test.Instance).Run(test.OwnerOfA, changed, Mapping(changed), "bb22").Value;

        Assert.Equal((0, 1, 3), (third.Created, third.Updated, third.Unchanged));
        Assert.Equal(4, Cases(test, test.OwnerOfA).Count);
        Assert.Equal("police", Cases(test, test.OwnerOfA).Single(c => c.Record.Reference == "2024-02").Record.Acts[0].Perpetrators[0].Type);
        var batches = new ListImportBatches(test.Instance).Run(test.OwnerOfA).Value;
        Assert.Equal([("bb22", 0, 1), ("aa11", 0, 0), ("aa11", 4, 0)], batches.Select(b => (b.FileSha256, b.Created, b.Updated)));
        Assert.Equal(3, AuditLog.Read(test.Instance).Count(e => e.Action == AuditAction.SheetImported && e.OrgId == test.OrgA));
        Assert.Empty(new ListImportBatches(test.Instance).Run(test.OwnerOfB).Value);
    }

    [Fact]
    public void A_case_edited_in_Dalel_keeps_what_the_sheet_does_not_hold_when_the_sheet_comes_again()
    {
        using var test = TestInstance.Create();
        var sheet = Open(Write(Messy.Take(4)));
        var mapping = Mapping(sheet);
        new ImportSheet(test.Instance).Run(test.OwnerOfA, sheet, mapping, "x");
        var stored = Cases(test, test.OwnerOfA).Single(c => c.Record.Reference == "2024-02");
        var edited = CaseContent.From(stored.Record, stored.Identities) with
        {
            Sources = [new Source { Type = "victim", Description = "interview" }],
        };
        Assert.True(new UpdateCase(test.Instance).Run(test.OwnerOfA, stored.Record.Id, stored.Version, edited).IsOk);

        var again = new ImportSheet(test.Instance).Run(test.OwnerOfA, sheet, mapping, "x").Value;

        Assert.Equal(0, again.Updated);
        Assert.Single(Cases(test, test.OwnerOfA).Single(c => c.Record.Reference == "2024-02").Record.Sources);
    }

    [Fact]
    public void A_repeated_reference_with_a_row_per_case_is_a_problem_naming_the_first_row()
    {
        using var test = TestInstance.Create();
        var sheet = Open(Write(Messy.Take(3)));
        var mapping = Mapping(sheet) with { RowPerVictim = false };

        var report = new ImportSheet(test.Instance).DryRun(test.OwnerOfA, sheet, mapping).Value;

        var problem = Assert.Single(report.Problems);
        Assert.Equal((3, "A"), (problem.Row, problem.ColumnLetter));
        Assert.Contains("2", Text.Texts.Describe(problem.AsFieldError(), "en"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_left_unmapped_is_listed_never_dropped()
    {
        using var test = TestInstance.Create();
        var sheet = Open(Write(Messy.Take(4)));
        var mapping = Mapping(sheet);
        var perpetrators = mapping.Values[ImportFields.Perpetrator].Where(v => v.Key != "неизвестные").ToDictionary();
        mapping = mapping with { Values = new Dictionary<string, IReadOnlyDictionary<string, string>>(mapping.Values) { [ImportFields.Perpetrator] = perpetrators } };

        var problem = Assert.Single(new ImportSheet(test.Instance).DryRun(test.OwnerOfA, sheet, mapping).Value.Problems);

        Assert.Equal((4, "F", "import.problem.value_unmapped"), (problem.Row, problem.ColumnLetter, problem.MessageKey));
    }

    [Fact]
    public void A_mapping_without_a_date_or_with_a_victim_per_row_and_no_reference_is_refused_before_reading_rows()
    {
        using var test = TestInstance.Create();
        var sheet = Open(Write(Messy.Take(2)));
        var mapping = new ImportMapping { Columns = [new MappedColumn(6, ImportFields.Violation)], RowPerVictim = true };

        var refused = new ImportSheet(test.Instance).DryRun(test.OwnerOfA, sheet, mapping);

        var errors = Assert.IsType<Invalid>(refused.Error).Errors.Select(e => e.MessageKey).ToList();
        Assert.Equal(["error.import_needs_date", "error.import_victims_need_reference"], errors);
    }

    [Theory]
    [InlineData(Role.Analyst)]
    [InlineData(Role.Viewer)]
    public void Only_those_who_write_cases_import(Role role)
    {
        using var test = TestInstance.Create();
        var sheet = Open(Write(Messy.Take(2)));

        Assert.IsType<Forbidden>(new ImportSheet(test.Instance).DryRun(TestInstance.Scope(test.OrgA, role), sheet, Mapping(sheet)).Error);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_sheet_exported_imported_elsewhere_and_exported_again_is_the_same_sheet(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid() with { Reference = "A-1" });
        var two = SampleCases.Valid(title: "Угрозы", violation: "threats");
        var second = two.Victims[0] with { Id = Guid.NewGuid(), CodeName = "V-002", Consents = [] };
        new RecordCase(test.Instance).Run(test.OwnerOfA, two with
        {
            Date = new IncidentDate(DatePrecision.Range, new DateOnly(2024, 2, 1), new DateOnly(2024, 4, 30)),
            Place = new Place { Region = "karaganda", Settlement = "temirtau", Locality = "рынок" },
            Victims = [.. two.Victims, second],
            Acts = [.. two.Acts, two.Acts[0] with { Id = Guid.NewGuid(), VictimId = second.Id, Consequences = ["job_loss"] }],
        });

        foreach (var format in new[] { SheetFormat.Csv, SheetFormat.Xlsx })
        {
            var exported = Export(test, test.OwnerOfA, format, "kk");
            var sheet = Open(exported);
            var mapping = new ImportMapping { Columns = SuggestMapping.Columns(sheet.Header).Select(c => new MappedColumn(c.Column, c.Field!)).ToList(), RowPerVictim = true, ConsentMethod = "written", Language = "kk" };
            mapping = SuggestMapping.WithSuggestions(mapping, SuggestMapping.Values(sheet, mapping, Catalog));
            var imported = new ImportSheet(test.Instance).Run(test.OwnerOfB, sheet, mapping, "round").Value;
            Assert.Equal(2, imported.Created);

            var back = Export(test, test.OwnerOfB, format, "kk");

            Assert.Equal(Rows(exported).Order(StringComparer.Ordinal), Rows(back).Order(StringComparer.Ordinal));
            foreach (var stored in Cases(test, test.OwnerOfB).ToList())
            {
                new DeleteCase(test.Instance).Run(test.OwnerOfB, stored.Record.Id);
            }
        }
    }

    [Fact]
    public void An_analyst_exports_coded_facts_only_and_a_viewer_no_identities()
    {
        using var test = TestInstance.Create();
        new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid() with { Reference = "A-1" });

        var analyst = Rows(Export(test, TestInstance.Scope(test.OrgA, Role.Analyst), SheetFormat.Csv, "en"));
        var viewer = Rows(Export(test, TestInstance.Scope(test.OrgA, Role.Viewer), SheetFormat.Csv, "en"));
        var owner = Rows(Export(test, test.OwnerOfA, SheetFormat.Csv, "en"));

        Assert.Contains("Test Person", owner[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Test Person", viewer[1], StringComparison.Ordinal);
        Assert.Contains("Officers detained", viewer[1], StringComparison.Ordinal);
        foreach (var hidden in new[] { "Officers detained", "Police detention", "A-1", "V-001", "Test Person", "+7 700" })
        {
            Assert.DoesNotContain(hidden, analyst[1], StringComparison.Ordinal);
        }

        Assert.Contains("Police violence", analyst[1], StringComparison.Ordinal);
        Assert.Contains(AuditLog.Read(test.Instance), e => e.Action == AuditAction.CaseSheetExported && e.Actor == "member:Analyst");
    }

    [Theory]
    [InlineData("en", "Violation")]
    [InlineData("ru", "Нарушение")]
    [InlineData("kk", "Бұзушылық")]
    public void The_template_has_the_layout_in_the_language_and_drop_downs_on_coded_columns(string language, string violationHeader)
    {
        var path = Path.Combine(_directory, $"template-{language}.xlsx");
        using (var file = File.Create(path))
        {
            WriteImportTemplate.Run(file, language, Catalog);
        }

        var sheet = Open(path);
        Assert.Contains(violationHeader, sheet.Header);
        Assert.Equal(CaseSheetLayout.FieldsFor(_ => true), SuggestMapping.Columns(sheet.Header).Select(c => c.Field));
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(path, false);
        var first = document.WorkbookPart!.WorksheetParts.First(p => p.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.DataValidation>().Any());
        var lists = first.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.DataValidation>().ToList();
        Assert.Equal(ImportFields.All.Count(ImportFields.IsCoded), lists.Count);
        var violationColumn = SheetColumns.Letter(sheet.Header.ToList().IndexOf(violationHeader));
        Assert.Contains(lists, l => l.SequenceOfReferences!.InnerText == $"{violationColumn}2:{violationColumn}10000");
        Assert.Contains(document.WorkbookPart.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>(), s => s.State?.Value == DocumentFormat.OpenXml.Spreadsheet.SheetStateValues.Hidden);
    }

    [Fact]
    public void A_saved_profile_is_the_organisations_own_and_sealed()
    {
        using var test = TestInstance.Create();
        var sheet = Open(Write(Messy.Take(3)));
        var mapping = Mapping(sheet);

        new SaveImportProfile(test.Instance).Run(test.OwnerOfA, "Таблица 2019–2024", mapping);
        new SaveImportProfile(test.Instance).Run(test.OwnerOfA, "таблица 2019–2024", mapping with { RowPerVictim = false });

        var saved = Assert.Single(new ListImportProfiles(test.Instance).Run(test.OwnerOfA).Value);
        Assert.False(saved.Mapping.RowPerVictim);
        Assert.Equal("police", saved.Mapping.CodeFor(ImportFields.Perpetrator, "УЧАСТКОВЫЙ"));
        Assert.Empty(new ListImportProfiles(test.Instance).Run(test.OwnerOfB).Value);
        Assert.IsType<NotFound>(new ListImportProfiles(test.Instance).Find(test.OwnerOfB, "Таблица 2019–2024").Error);
        var raw = test.Instance.Database.Read(c => c.Query(null, "SELECT body FROM sealed_documents WHERE kind = 'import-profile'", r => r.GetBytes("body")!)).Single();
        Assert.DoesNotContain("участковый", Encoding.UTF8.GetString(raw), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_saved_profile_finds_its_columns_again_in_next_years_sheet_with_another_order()
    {
        using var test = TestInstance.Create();
        var first = Open(Write(Messy.Take(4)));
        new SaveImportProfile(test.Instance).Run(test.OwnerOfA, "Таблица", Mapping(first).WithHeaders(first.Header));
        // Next year's sheet: the same headers, "Кто" and "Нарушение" swapped, and the date column moved to the end.
        string Reorder(string line)
        {
            var cells = line.Split(';');
            return string.Join(';', new[] { cells[0], cells[2], cells[3], cells[4], cells[6], cells[5], cells[7], cells[8], cells[9], cells[1] });
        }

        var next = Open(Write(Messy.Take(4).Select(Reorder), "next.csv"));
        var profile = new ListImportProfiles(test.Instance).Find(test.OwnerOfA, "таблица").Value;

        var report = new ImportSheet(test.Instance).Run(test.OwnerOfA, next, profile.Mapping.ForSheet(next.Header), "next").Value;

        Assert.Equal((0, 2), (report.ProblemCount, report.Created));
        Assert.Equal("police", Cases(test, test.OwnerOfA).Single(c => c.Record.Reference == "2024-01").Record.Acts[0].Perpetrators[0].Type);
    }

    private string Export(TestInstance test, OrgScope scope, SheetFormat format, string language)
    {
        var path = Path.Combine(_directory, $"export-{Guid.NewGuid():N}.{format.ToString().ToLowerInvariant()}");
        using (var file = File.Create(path))
        {
            Assert.True(new ExportCaseSheet(test.Instance).Run(scope, format, language, file).IsOk);
        }

        return path;
    }

    private static List<StoredCase> Cases(TestInstance test, OrgScope scope) => test.Instance.Enter(scope, Capability.ReadIdentities).Value.Cases.ToList();

    private static List<string> Rows(string path) =>
        Sheet.Open(path).Value is var sheet ? [string.Join("|", sheet.Header), .. sheet.Rows.Select(r => string.Join("|", r.Cells))] : [];
}
