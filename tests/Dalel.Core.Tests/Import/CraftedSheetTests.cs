using System.IO.Compression;
using System.Text;
using Dalel.Core.Import;

namespace Dalel.Core.Tests.Import;

/// <summary>
/// Workbooks made to hurt the server that reads them (issue 14, played as the adversary who uploads a sheet): an XML
/// entity bomb, a compressed bomb of shared strings, a cell beyond the last column. Each ends in a message, in bounded
/// time and memory, never in a hang or a crash.
/// </summary>
public sealed class CraftedSheetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dalel-crafted-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string Workbook = """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>""";
    private const string Relations = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""";

    private string Xlsx(string name, string sheet, Action<ZipArchive>? more = null)
    {
        var path = Path.Combine(_directory, name);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            void Entry(string entry, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }

            Entry("xl/workbook.xml", Workbook);
            Entry("xl/_rels/workbook.xml.rels", Relations);
            Entry("xl/worksheets/sheet1.xml", sheet);
            more?.Invoke(zip);
        }

        return path;
    }

    private static string Rows(string rows) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>""";

    [Fact]
    public void An_entity_bomb_is_refused_before_it_expands()
    {
        var bomb = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>"""
            + """<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>""";

        var opened = Sheet.Open(Xlsx("bomb.xlsx", bomb));

        Assert.Equal("error.sheet_unreadable", Assert.IsType<Invalid>(opened.Error).Errors[0].MessageKey);
    }

    [Fact]
    public void A_cell_beyond_the_last_column_ends_the_reading_with_the_row_named()
    {
        var path = Xlsx("wide.xlsx", Rows("""<row r="1"><c r="A1" t="inlineStr"><is><t>Дата</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>2024</t></is></c></row><row r="3"><c r="ZZZZZ3" t="inlineStr"><is><t>x</t></is></c></row>"""));
        var sheet = Sheet.Open(path).Value;

        Assert.Single(sheet.Rows.ToList());
        var failure = Assert.IsType<Invalid>(sheet.Failure);
        Assert.Equal(("error.sheet_unreadable_at", "3"), (failure.Errors[0].MessageKey, failure.Errors[0].Args[0]));
    }

    [Fact]
    public void A_compressed_bomb_of_shared_strings_stops_at_the_bound()
    {
        var path = Xlsx("strings.xlsx", Rows("""<row r="1"><c r="A1" t="s"><v>0</v></c></row>"""), zip =>
        {
            using var writer = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
            writer.Write("""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>""");
            var chunk = new string('a', 1 << 20);
            for (var written = 0L; written <= XlsxRows.MaxSharedCharacters; written += chunk.Length)
            {
                writer.Write(chunk);
            }

            writer.Write("</t></si></sst>");
        });
        Assert.True(new FileInfo(path).Length < 2_000_000, "the bomb should be small on disk");

        var opened = Sheet.Open(path);

        Assert.Equal("error.sheet_unreadable", Assert.IsType<Invalid>(opened.Error).Errors[0].MessageKey);
    }
}
