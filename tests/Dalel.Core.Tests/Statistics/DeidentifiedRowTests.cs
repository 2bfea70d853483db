using Dalel.Core.Cases;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Statistics;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Tests.Statistics;

/// <summary>
/// The de-identified file reads each case from its bytes (<see cref="DeidentifiedRow"/>) rather than as a record; every
/// field it writes and every anonymity group it counts must be what the record gives.
/// </summary>
public sealed class DeidentifiedRowTests
{
    [Fact]
    public void Read_from_its_bytes_a_case_gives_the_same_row_consent_and_groups_as_its_record()
    {
        using var test = TestInstance.Create(initialise: false);
        var demo = new BuildDemoCoalition(test.Instance).Run(KdfParameters.Fast).Value;
        var records = demo.Organisations.SelectMany(o => test.Instance.Enter(OrgScope.Cli(o.Id), Capability.ReadCodedFacts).Value.Cases.Select(c => c.Record)).ToList();
        var random = new Random(19);
        var formats = new[] { new ExportDeidentified.RowTexts("Org, \"quoted\"", CsvRows.Instance), new ExportDeidentified.RowTexts("Org, \"quoted\"", XlsxRows.Instance) };
        var numbers = new ExportDeidentified.GroupKey.Numbering();
        var compared = 0;
        var consented = 0;
        var named = 0;

        foreach (var original in records)
        {
            foreach (var record in new[] { original, Varied(original, random), Varied(original, random), Varied(original, random) })
            {
                var bytes = CaseBinary.Write(record);
                var row = DeidentifiedRow.Of(bytes, numbers);
                var facts = CaseBinary.ReadFacts(bytes);

                Assert.False(row.Unusual);
                Assert.Equal(ComputeStatistics.Consented(facts), row.Consented);
                Assert.Equal(ExportDeidentified.Groups(facts, numbers), Enumerable.Range(0, 4).Select(row.GroupAt).ToArray());
                var group = DeidentifiedRow.GroupOf(bytes, numbers);
                Assert.Equal(row.Consented, group.Consented);
                Assert.Equal(ExportDeidentified.Groups(facts, numbers), Enumerable.Range(0, 4).Select(group.GroupAt).ToArray());
                foreach (var texts in formats)
                {
                    var expected = texts.CellsOf(ExportDeidentified.Line(0, "Org, \"quoted\"", facts));
                    expected[0] = texts.Format.Empty;
                    Assert.Equal(expected, texts.Cells(row));
                }

                var line = formats[0].Cells(row);
                compared++;
                consented += row.Consented ? 1 : 0;
                named += line[4].Length > 0 ? 1 : 0;
            }
        }

        Assert.True(compared > 500, $"only {compared} cases compared");
        Assert.InRange(consented, 50, compared - 50);
        Assert.True(named > 10, $"only {named} rows with an exact date");
    }

    [Fact]
    public void A_code_outside_the_vocabularies_sends_the_case_to_the_general_path()
    {
        var record = Varied(Sample(), new Random(1));
        Assert.False(DeidentifiedRow.Of(CaseBinary.Write(record), new()).Unusual);

        var odd = record with { Victims = [record.Victims[0] with { GenderIdentity = "not_a_code" }] };
        Assert.True(DeidentifiedRow.Of(CaseBinary.Write(odd), new()).Unusual);
        Assert.True(DeidentifiedRow.GroupOf(CaseBinary.Write(odd), new()).Unusual);
        var oddViolation = record with { Acts = [record.Acts[0] with { Violations = ["not_a_violation"] }] };
        Assert.True(DeidentifiedRow.Of(CaseBinary.Write(oddViolation), new()).Unusual);
        var oddIntervention = record with { Interventions = [new Intervention { Type = "carrier_pigeon" }] };
        Assert.True(DeidentifiedRow.Of(CaseBinary.Write(oddIntervention), new()).Unusual);
    }

    [Fact]
    public void In_the_file_a_case_with_a_code_outside_the_vocabularies_is_written_and_grouped_as_its_record_says()
    {
        // Cases are checked against the vocabularies when recorded, so only a case from before a vocabulary changed can
        // hold such a code; it is written here below the use cases, as an old data directory would hold it.
        using var test = TestInstance.Create();
        var template = ConsentedIn2024(test.OrgA);
        var cases = Enumerable.Range(0, 38).Select(_ => template with { Id = Guid.NewGuid() }).Concat(
        [
            template with { Id = Guid.NewGuid(), Acts = [template.Acts[0] with { Violations = ["retired_violation"] }] },
            template with { Id = Guid.NewGuid(), Victims = [template.Victims[0] with { GenderIdentity = "retired_identity" }] },
        ]).ToList();
        WriteBelowUseCases(test, cases.Select(c => (c, (IReadOnlyList<VictimIdentity>)[])).ToList());

        using var output = new StringWriter();
        var export = new ExportDeidentified(test.Instance).Run(test.OwnerOfA, new StatisticsScope.Organisation(test.OrgA), output).Value;
        var rows = output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();

        // The retired violation does not change the group, so it joins the 38; the retired identity makes a group of one,
        // left out (1 of 40 is within the 5% that may be, so nothing is coarsened).
        Assert.Equal(new DeidentifiedExport(39, 0, 1, 0), export);
        Assert.Equal(Enumerable.Range(1, 39).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r.Split(',')[0]));
        Assert.Single(rows, r => r.Contains(",retired_violation,", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("retired_identity", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_of_several_batches_has_every_row_once_numbered_in_order()
    {
        // Batches are read on every core while the one before is written; each must be written once, in its place.
        using var test = TestInstance.Create();
        var template = ConsentedIn2024(test.OrgA);
        var violations = Catalog.Default[Catalog.Violations].Terms.Select(t => t.Code).Take(20).ToArray();
        var cases = Enumerable.Range(0, 20_000)
            .Select(i => (template with { Id = Guid.NewGuid(), Acts = [template.Acts[0] with { Violations = [violations[i * 7 % 20]] }] }, (IReadOnlyList<VictimIdentity>)[]))
            .ToList();
        WriteBelowUseCases(test, cases);

        using var output = new StringWriter();
        var export = new ExportDeidentified(test.Instance).Run(test.OwnerOfA, new StatisticsScope.Organisation(test.OrgA), output).Value;
        var rows = output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(',')).ToList();

        Assert.Equal(new DeidentifiedExport(20_000, 0, 0, 0), export);
        Assert.Equal(Enumerable.Range(1, 20_000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
        var column = Array.IndexOf(ExportDeidentified.Header, "violations");
        Assert.All(violations, v => Assert.Equal(1_000, rows.Count(r => r[column] == v)));
    }

    [Fact]
    public void The_spreadsheet_is_a_valid_workbook_holding_the_same_rows_as_the_csv_with_numbers_as_numbers()
    {
        using var test = TestInstance.Create();
        var template = ConsentedIn2024(test.OrgA) with { Place = new Place { Region = "Almaty & <\"North\">\u0001" } };
        WriteBelowUseCases(test, Enumerable.Range(0, 30).Select(_ => (template with { Id = Guid.NewGuid() }, (IReadOnlyList<VictimIdentity>)[])).ToList());
        var export = new ExportDeidentified(test.Instance);
        var scope = new StatisticsScope.Organisation(test.OrgA);
        using var csvText = new StringWriter();
        var csvExport = export.Run(test.OwnerOfA, scope, csvText).Value;
        using var xlsx = new MemoryStream();
        Assert.Equal(csvExport, export.RunXlsx(test.OwnerOfA, scope, new WriteOnly(xlsx)).Value);

        var errors = new List<FieldError>();
        using var csv = Dalel.Core.Transfer.CsvInput.Open(new StringReader(csvText.ToString()), errors);
        csv.ReadHeader();
        var csvRows = new List<string[]> { csv.Headers.ToArray() };
        while (csv.Read())
        {
            csvRows.Add(Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i)).ToArray());
        }

        xlsx.Position = 0;
        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(xlsx, false);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(workbook));
        var sheet = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
        Assert.Equal(31, rows.Count);
        Assert.Equal(csvRows.Count, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = rows[r].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().ToList();
            Assert.Equal(csvRows[r].Length, cells.Count);
            // XML cannot hold control characters: the spreadsheet drops them.
            Assert.Equal(csvRows[r].Select(v => v.Replace("\u0001", "", StringComparison.Ordinal)), cells.Select(c => c.InlineString?.Text?.Text ?? c.CellValue?.Text ?? ""));
            var year = cells[Array.IndexOf(ExportDeidentified.Header, "year")];
            Assert.Equal(r == 0, year.DataType is not null);
        }

        Assert.Equal("Almaty & <\"North\">", csvRows[1][Array.IndexOf(ExportDeidentified.Header, "region")].TrimEnd('\u0001'));
    }

    [Fact]
    public void Rows_beyond_what_a_sheet_holds_go_on_to_another_sheet_with_its_own_header()
    {
        using var xlsx = new MemoryStream();
        using (var sink = new XlsxSink(new WriteOnly(xlsx), sheetRows: 5))
        {
            var number = 0;
            foreach (var rows in new[] { 3, 1, 2, 3 })
            {
                var text = new ExportDeidentified.RowText();
                for (var i = 0; i < rows; i++)
                {
                    var cells = ExportDeidentified.Header.Select(_ => XlsxRows.Instance.Text("x")).ToArray();
                    XlsxRows.Instance.Append(text, ++number, cells, new bool[cells.Length]);
                }

                sink.Write(text.Written, rows);
                text.Return();
            }

            sink.End();
        }

        xlsx.Position = 0;
        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(xlsx, false);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(workbook));
        var sheets = workbook.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>()
            .Select(s => ((DocumentFormat.OpenXml.Packaging.WorksheetPart)workbook.WorkbookPart.GetPartById(s.Id!)).Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList())
            .ToList();

        // Header + 3 + 1 fills five; the 2 would make seven, so they start the second sheet, and the 3 the third.
        Assert.Equal([5, 3, 4], sheets.Select(s => s.Count));
        Assert.All(sheets, s => Assert.Equal("row", s[0].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().First().InlineString!.Text!.Text));
        Assert.Equal(Enumerable.Range(1, 9).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            sheets.SelectMany(s => s.Skip(1)).Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().First().CellValue!.Text));
    }

    /// <summary>A response body: written once, never read back or repositioned.</summary>
    private sealed class WriteOnly(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }

    [Fact]
    public void Region_texts_numbered_on_every_core_at_once_never_share_a_number()
    {
        // Two regions with one number would be one anonymity group: rows unique in their region would pass as three.
        var numbering = new ExportDeidentified.GroupKey.Numbering();
        var texts = Enumerable.Range(0, 20_000).Select(i => $"region-{Guid.NewGuid():N}-{i % 7}").ToArray();
        var numbers = new int[texts.Length * 2];
        Parallel.For(0, numbers.Length, i => numbers[i] = numbering.RegionOf(texts[i % texts.Length]));

        Assert.Equal(texts.Length, numbers.Distinct().Count());
        Assert.Equal(numbers[..texts.Length], numbers[texts.Length..]);
        Assert.DoesNotContain(1, numbers);
        Assert.Equal(1, numbering.RegionOf(null));
        Assert.Equal(1, numbering.RegionOf(""));
        var almaty = Catalog.Default.Geography.Countries.SelectMany(c => c.Regions).First().Code;
        Assert.True(ExportDeidentified.GroupKey.TryKnownRegion(System.Text.Encoding.UTF8.GetBytes(almaty), out var known, out var code));
        Assert.Equal((numbering.RegionOf(almaty), almaty), (known, code));
    }

    [Fact]
    public void The_latest_decision_of_each_victim_decides_as_in_the_record_and_a_tie_goes_to_the_later_entry()
    {
        var day = new DateOnly(2024, 5, 1);
        ConsentGrant Grant(string use, bool granted, DateOnly date) => new() { Use = use, Granted = granted, Date = date, Method = "oral" };
        var record = Sample();
        var victim = record.Victims[0];
        (ConsentGrant[] Consents, bool Consented)[] cases =
        [
            ([], false),
            ([Grant("anonymous_statistics", true, day)], true),
            ([Grant("anonymous_statistics", true, day), Grant("anonymous_statistics", false, day.AddDays(1))], false),
            ([Grant("anonymous_statistics", false, day.AddDays(1)), Grant("anonymous_statistics", true, day)], false),
            ([Grant("anonymous_statistics", false, day), Grant("anonymous_statistics", true, day)], true),
            ([Grant("anonymous_statistics", true, day), Grant("anonymous_statistics", false, day)], false),
            ([Grant("named_publication", true, day)], false),
        ];

        foreach (var (consents, expected) in cases)
        {
            var one = record with { Victims = [victim with { Consents = consents }] };
            Assert.Equal(expected, DeidentifiedRow.Of(CaseBinary.Write(one), new()).Consented);
            Assert.Equal(expected, ComputeStatistics.Consented(one));

            // A second victim who consented does not make up for the first.
            var two = record with { Victims = [victim with { Consents = consents }, victim with { Id = Guid.NewGuid(), Consents = [Grant("anonymous_statistics", true, day)] }] };
            Assert.Equal(expected, DeidentifiedRow.Of(CaseBinary.Write(two), new()).Consented);
        }

        Assert.False(DeidentifiedRow.Of(CaseBinary.Write(record with { Victims = [] }), new()).Consented);
    }

    /// <summary>A case of organisation A, in 2024, whose one victim consented to anonymous statistics.</summary>
    private static CaseRecord ConsentedIn2024(Guid org)
    {
        var grant = new ConsentGrant { Use = "anonymous_statistics", Granted = true, Date = new DateOnly(2024, 1, 1), Method = "oral" };
        var template = Sample() with { OrganisationId = org, Date = new IncidentDate(DatePrecision.Year, new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 1)) };
        return template with { Victims = [template.Victims[0] with { Consents = [grant] }] };
    }

    /// <summary>Cases written as they are, without the use cases' checks (as an old data directory may hold them).</summary>
    private static void WriteBelowUseCases(TestInstance test, IReadOnlyList<(CaseRecord, IReadOnlyList<VictimIdentity>)> cases)
    {
        var door = test.Instance.Enter(test.OwnerOfA, Capability.WriteCases).Value;
        test.Instance.Database.Write((c, t) =>
        {
            CaseWrites.InsertMany(c, t, door, cases);
            return 0;
        });
    }

    private static CaseRecord Sample() => SampleCases.Valid().ToRecord(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, []);

    /// <summary>The case with what the demo rarely has: ages without bands, exact dates with naming consent, reports, ties.</summary>
    private static CaseRecord Varied(CaseRecord c, Random random)
    {
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        string Code(string vocabulary) => Pick(Catalog.Default[vocabulary].Terms).Code;
        var day = new DateOnly(2020 + random.Next(6), 1 + random.Next(12), 1 + random.Next(28));
        var precision = (DatePrecision)random.Next(4);
        var uses = new[] { "anonymous_statistics", "named_publication", "anonymised_stories" };
        return c with
        {
            Date = new IncidentDate(precision, day, precision == DatePrecision.Range ? day.AddDays(40) : day),
            Place = c.Place with { Region = random.Next(5) == 0 ? null : c.Place.Region, Settlement = random.Next(2) == 0 ? null : "astana" },
            Status = (CaseStatus)random.Next(2),
            Victims = c.Victims.Select(v => v with
            {
                Age = random.Next(2) == 0 ? random.Next(12, 80) : null,
                AgeBand = random.Next(2) == 0 ? null : v.AgeBand,
                GenderIdentity = random.Next(4) == 0 ? null : Code(Catalog.GenderIdentity),
                Consents = Enumerable.Range(0, random.Next(4)).Select(_ => new ConsentGrant
                {
                    Use = Pick(uses),
                    Granted = random.Next(4) != 0,
                    Date = day.AddDays(random.Next(3)),
                    Method = "oral",
                }).ToList(),
            }).ToList(),
            Interventions = Enumerable.Range(0, random.Next(3)).Select(_ => new Intervention
            {
                Type = Code(Catalog.InterventionTypes),
                Response = random.Next(3) == 0 ? null : Code(Catalog.Responses),
            }).ToList(),
        };
    }
}
