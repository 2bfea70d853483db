using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Transfer;
using MiniExcelLibs;

namespace Dalel.Core.Import;

public enum SheetFormat
{
    Xlsx,
    Csv,
}

/// <summary>
/// The organisation's cases as a spreadsheet in the import layout (<see cref="CaseSheetLayout"/>), so it can be edited
/// and imported back to update the same cases. What the sheet holds follows the member's role: analysts get coded facts
/// only, viewers no identities. Rows are written as they are produced. The export is audited (who, when; no content).
/// </summary>
public sealed class ExportCaseSheet(DalelInstance instance)
{
    public Result<int> Run(OrgScope scope, SheetFormat format, string language, Stream output)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var fields = CaseSheetLayout.FieldsFor(open.Can);
        var narratives = open.Can(Capability.ReadNarratives);
        var count = 0;
        IEnumerable<string[]> Rows() =>
            (open.Can(Capability.ReadIdentities) ? open.CasesWithIdentities : open.Cases).Select(c => (Stored: c, c.Record.Date.From, c.Record.CreatedAt)).OrderBy(c => c.From).ThenBy(c => c.CreatedAt).ThenBy(c => c.Stored.Id)
                .SelectMany(c =>
                {
                    count++;
                    return CaseSheetLayout.Rows(c.Stored.Record, open.Can(Capability.ReadIdentities) ? c.Stored.Identities : [], fields, instance.Catalog, language, narratives);
                });

        var header = fields.Select(f => CaseSheetLayout.Header(f, language)).ToArray();
        if (format == SheetFormat.Csv)
        {
            using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(true), 64 * 1024, leaveOpen: true);
            using var csv = CsvOutput.Open(writer);
            csv.WriteRecord(header);
            foreach (var row in Rows())
            {
                csv.WriteRecord(row);
            }
        }
        else
        {
            // With no case at all the sheet still gets its header (and one empty row, which an import skips).
            var rows = Rows().Select(row => header.Zip(row).ToDictionary(p => p.First, p => (object)p.Second));
            var any = open.Cases.Any();
            MiniExcel.SaveAs(output, any ? rows : [header.ToDictionary(h => h, _ => (object)"")], sheetName: "Cases", excelType: ExcelType.XLSX);
        }

        open.Audit(AuditAction.CaseSheetExported, null);
        return count;
    }
}
