using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;

namespace Dalel.Core.Import;

/// <summary>What a dry run or an import found: rows read, cases to create, update or leave, and every problem.</summary>
public sealed record ImportReport(int Rows, int Created, int Updated, int Unchanged, IReadOnlyList<ImportProblem> Problems, int ProblemCount)
{
    /// <summary>Problems beyond this many are counted, not listed: a sheet mapped wrongly would otherwise list one per cell.</summary>
    public const int MaxListed = 1_000;

    public bool CanImport => ProblemCount == 0 && Created + Updated + Unchanged > 0;
}

/// <summary>The sheet has problems (listed in the report): nothing was imported.</summary>
public sealed record ImportRejected(ImportReport Report) : Error;

/// <summary>
/// Imports a spreadsheet into one organisation's cases. <see cref="DryRun"/> reads the whole sheet and reports what
/// would happen and every problem, row by row; <see cref="Run"/> reads it again, and writes only when there is no
/// problem at all — every case in one transaction, or none. A case whose reference (or Dalel id) is already the
/// organisation's is updated in place, never duplicated; the fields the sheet does not map are kept. The import is a
/// batch: who, when, how many and the file's SHA-256 are recorded (sealed) and audited, never any content.
/// </summary>
public sealed class ImportSheet(DalelInstance instance)
{
    public Result<ImportReport> DryRun(OrgScope scope, Sheet sheet, ImportMapping mapping)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        return Plan(opened.Value, sheet, mapping, write: null);
    }

    public Result<ImportReport> Run(OrgScope scope, Sheet sheet, ImportMapping mapping, string fileSha256, string? profile = null)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var mappingErrors = mapping.Normalised().Check(sheet.Header, instance.Catalog);
        if (mappingErrors.Count > 0)
        {
            return new Invalid(mappingErrors);
        }

        // One reading, inside one transaction: cases are written as the rows stream by (in batches), and if any problem
        // turns up — the sheet's or one the cases in Dalel cause — the transaction is rolled back: all rows or none.
        var batch = Guid.NewGuid();
        ImportReport? written = null;
        try
        {
            open.Write((c, t, audit) =>
            {
                var pending = new List<(CaseRecord, IReadOnlyList<VictimIdentity>)>();
                var report = Plan(open, sheet, mapping, write: (record, identities, isNew) =>
                {
                    var stamped = record with { ImportBatch = batch };
                    if (!isNew)
                    {
                        CaseWrites.Replace(c, t, open, stamped, identities, expectedVersion: null);
                        return;
                    }

                    pending.Add((stamped, identities));
                    if (pending.Count == WriteBatch)
                    {
                        CaseWrites.InsertMany(c, t, open, pending);
                        pending.Clear();
                    }
                });
                if (!report.IsOk || !report.Value.CanImport)
                {
                    throw new RolledBack(report);
                }

                CaseWrites.InsertMany(c, t, open, pending);
                written = report.Value;
                ImportBatches.Save(c, t, open, new ImportBatch(batch, open.Now, scope.Actor, fileSha256, report.Value.Rows, report.Value.Created, report.Value.Updated, profile));
                audit(AuditAction.SheetImported, batch.ToString("D"));
                return Done.Value;
            });
        }
        catch (RolledBack rolledBack)
        {
            return rolledBack.Report.IsOk ? new ImportRejected(rolledBack.Report.Value) : rolledBack.Report.Error!;
        }

        return written!;
    }

    /// <summary>New cases sealed and inserted together.</summary>
    private const int WriteBatch = 512;

    /// <summary>Thrown inside the import's transaction to roll it back when the sheet has a problem.</summary>
    private sealed class RolledBack(Result<ImportReport> report) : Exception("The sheet has problems; nothing was imported.")
    {
        public Result<ImportReport> Report { get; } = report;
    }

    private Result<ImportReport> Plan(Door.Unsealed open, Sheet sheet, ImportMapping mapping, Action<CaseRecord, IReadOnlyList<VictimIdentity>, bool>? write)
    {
        mapping = mapping.Normalised();
        var mappingErrors = mapping.Check(sheet.Header, instance.Catalog);
        if (mappingErrors.Count > 0)
        {
            return new Invalid(mappingErrors);
        }

        var existing = ExistingByReference(open);
        var reader = new SheetCases(sheet.Header, mapping, instance.Catalog, open.Today);
        var problems = new List<ImportProblem>();
        int rows = 0, created = 0, updated = 0, unchanged = 0, problemCount = 0;
        void Add(IEnumerable<ImportProblem> found)
        {
            foreach (var p in found)
            {
                problemCount++;
                if (problems.Count < ImportReport.MaxListed)
                {
                    problems.Add(p);
                }
            }
        }

        foreach (var read in reader.Read(sheet.Rows))
        {
            rows += read.Rows.Count;
            Add(read.Problems.OrderBy(p => p.Row).ThenBy(p => p.Column ?? -1));
            if (read.Content is null || read.Problems.Count > 0)
            {
                continue;
            }

            var matches = read.Reference is { } reference && existing.TryGetValue(reference, out var found) ? found : [];
            if (matches.Count > 1)
            {
                Add([new ImportProblem(read.Rows[0], mapping.ColumnsOf(ImportFields.Reference).First(), sheet.Header[mapping.ColumnsOf(ImportFields.Reference).First()], "import.problem.reference_ambiguous", [read.Reference!, matches.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)])]);
                continue;
            }

            // After a problem nothing more is written: the transaction will be rolled back anyway.
            if (problemCount > 0)
            {
                write = null;
            }

            if (matches.Count == 0)
            {
                created++;
                write?.Invoke(read.Content.ToRecord(Guid.NewGuid(), open.Organisation, open.Now, open.Now, []), read.Content.StoredIdentities, true);
                continue;
            }

            var current = matches[0];
            var merged = Merge(current, read.Content, mapping, reader);
            var mergeProblems = reader.Validate(merged, read.Rows);
            if (mergeProblems.Count > 0)
            {
                Add(mergeProblems);
                continue;
            }

            if (Same(CaseContent.From(current.Record, current.Identities), merged))
            {
                unchanged++;
                continue;
            }

            updated++;
            write?.Invoke(merged.ToRecord(current.Record.Id, open.Organisation, current.Record.CreatedAt, open.Now, current.Record.Files), merged.StoredIdentities, false);
        }

        // A workbook that broke part-way is not a sheet with fewer rows.
        if (sheet.Failure is { } failure)
        {
            return failure;
        }

        return new ImportReport(rows, created, updated, unchanged, problems, problemCount);
    }

    /// <summary>The organisation's cases by reference, and by Dalel id (what a case sheet export writes when there is no reference).</summary>
    private static Dictionary<string, List<StoredCase>> ExistingByReference(Door.Unsealed open)
    {
        var byReference = new Dictionary<string, List<StoredCase>>(StringComparer.OrdinalIgnoreCase);
        foreach (var stored in open.Cases)
        {
            foreach (var key in new[] { stored.Record.Reference, stored.Id.ToString("D") }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!byReference.TryGetValue(key, out var list))
                {
                    byReference[key] = list = [];
                }

                list.Add(stored);
            }
        }

        return byReference;
    }

    /// <summary>
    /// The existing case with what the sheet says: the mapped case fields replaced, each victim of the sheet matched by
    /// code name (or added), its mapped facts and its act replaced, consent answers recorded as new grants; everything
    /// the sheet does not hold (sources, interventions, files, other victims, hate crime assessment) kept.
    /// </summary>
    private static CaseContent Merge(StoredCase current, CaseContent sheet, ImportMapping mapping, SheetCases reader)
    {
        var was = CaseContent.From(current.Record, current.Identities);
        var victims = was.Victims.ToList();
        var acts = was.Acts.ToList();
        var identities = was.Identities.ToList();
        foreach (var incoming in sheet.Victims)
        {
            var index = victims.FindIndex(v => string.Equals(v.CodeName.Trim(), incoming.CodeName.Trim(), StringComparison.OrdinalIgnoreCase));
            var id = index >= 0 ? victims[index].Id : incoming.Id;
            var earlier = index >= 0 ? victims[index] : null;
            var sheetConsents = incoming.Consents.Count == 0 ? null : incoming.Consents.Where(g => g.Granted).Select(g => g.Use).ToList();
            var victim = (earlier ?? incoming with { Consents = [] }) with
            {
                Age = mapping.Has(ImportFields.Age) ? incoming.Age : earlier?.Age,
                GenderIdentity = mapping.Has(ImportFields.GenderIdentity) ? incoming.GenderIdentity : earlier?.GenderIdentity,
                SexualOrientation = mapping.Has(ImportFields.SexualOrientation) ? incoming.SexualOrientation : earlier?.SexualOrientation,
                Consents = reader.Grants(sheetConsents, earlier?.Consents ?? []),
            };
            if (index >= 0)
            {
                victims[index] = victim;
            }
            else
            {
                victims.Add(victim);
            }

            var act = sheet.Acts.First(a => a.VictimId == incoming.Id);
            var firstAct = acts.FindIndex(a => a.VictimId == id);
            var replacement = act with
            {
                Id = firstAct >= 0 ? acts[firstAct].Id : act.Id,
                VictimId = id,
                Consequences = mapping.Has(ImportFields.Consequence) ? act.Consequences : firstAct >= 0 ? acts[firstAct].Consequences : [],
                Perpetrators = !mapping.Has(ImportFields.Perpetrator) ? firstAct >= 0 ? acts[firstAct].Perpetrators : []
                    : firstAct >= 0 ? KeepDetails(act.Perpetrators, acts[firstAct].Perpetrators) : act.Perpetrators,
                ConsequencesNote = firstAct >= 0 ? acts[firstAct].ConsequencesNote : null,
            };
            acts.RemoveAll(a => a.VictimId == id);
            acts.Add(replacement);

            var incomingIdentity = sheet.Identities.FirstOrDefault(i => i.VictimId == incoming.Id);
            var identityIndex = identities.FindIndex(i => i.VictimId == id);
            var identity = (identityIndex >= 0 ? identities[identityIndex] : new VictimIdentity { VictimId = id }) with { VictimId = id };
            identity = identity with
            {
                FullName = mapping.Has(ImportFields.VictimName) ? incomingIdentity?.FullName : identity.FullName,
                Contacts = mapping.Has(ImportFields.VictimContacts) ? incomingIdentity?.Contacts : identity.Contacts,
            };
            identities.RemoveAll(i => i.VictimId == id);
            identities.Add(identity);
        }

        // Acts in the order of their victims, so an unchanged sheet leaves the case exactly as it was.
        var ordered = victims.SelectMany(v => acts.Where(a => a.VictimId == v.Id)).ToList();
        return was with
        {
            Title = mapping.Has(ImportFields.Title) ? sheet.Title : was.Title,
            Narrative = mapping.Has(ImportFields.Narrative) ? sheet.Narrative : was.Narrative,
            Date = sheet.Date,
            Place = was.Place with
            {
                Region = mapping.Has(ImportFields.Region) || mapping.Has(ImportFields.Settlement) ? sheet.Place.Region : was.Place.Region,
                Settlement = mapping.Has(ImportFields.Region) || mapping.Has(ImportFields.Settlement) ? sheet.Place.Settlement : was.Place.Settlement,
                Locality = mapping.Has(ImportFields.Locality) ? sheet.Place.Locality : was.Place.Locality,
            },
            Victims = victims,
            Acts = ordered,
            Identities = identities.Where(i => victims.Any(v => v.Id == i.VictimId)).ToList(),
        };
    }

    /// <summary>
    /// A perpetrator the sheet names only by its term (an exported sheet has labels only) keeps what Dalel knew about
    /// it before: the documenter's words, the involvement and how many.
    /// </summary>
    private static List<Perpetrator> KeepDetails(IReadOnlyList<Perpetrator> incoming, IReadOnlyList<Perpetrator> earlier) =>
        incoming.Select(p => p.Description is null && earlier.FirstOrDefault(e => e.Type == p.Type) is { } known ? known : p).ToList();

    /// <summary>Two contents are the same when they would be stored the same (identities compared only where they say something).</summary>
    private static bool Same(CaseContent a, CaseContent b) =>
        JsonSerializer.Serialize(a with { Identities = a.StoredIdentities.OrderBy(i => i.VictimId).ToList() }, Json.Files)
        == JsonSerializer.Serialize(b with { Identities = b.StoredIdentities.OrderBy(i => i.VictimId).ToList() }, Json.Files);
}
