using System.Security.Cryptography;
using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Transfer;

public sealed record ImportSummary(int Created, int Replaced);

/// <summary>
/// Reads an export back. Every line is checked first (JSON, format, organisation, the case rules, file hashes);
/// if any line is wrong, the errors name their line numbers and nothing is imported. Then all cases are written in
/// one transaction. A case already present in the same organisation is replaced.
/// </summary>
public sealed class ImportCases(DalelInstance instance)
{
    public Result<ImportSummary> Run(TextReader input, string actor, Guid? intoOrganisation = null, Action<int>? progress = null)
    {
        var organisations = new Organisations.ListOrganisations(instance).Run();
        if (!organisations.IsOk)
        {
            return organisations.Error!;
        }

        // Each organisation named in the file is entered through the door, as its owner would (the passphrase holder).
        var doors = new Dictionary<Guid, Door.Unsealed>();
        var known = organisations.Value.Select(o => o.Id).ToHashSet();
        Result<Door.Unsealed>? Door(Guid organisation)
        {
            if (doors.TryGetValue(organisation, out var door))
            {
                return door;
            }

            if (!known.Contains(organisation))
            {
                return null;
            }

            var entered = instance.Enter(new OrgScope(organisation, actor, Role.Owner), Capability.WriteCases);
            if (entered.IsOk)
            {
                doors[organisation] = entered.Value;
            }

            return entered;
        }

        var today = instance.Today();
        var errors = new List<FieldError>();
        var accepted = new List<(CaseRecord Record, IReadOnlyList<VictimIdentity> Identities, List<(Guid Id, byte[] Content)> Files, bool Replaces)>();
        var seen = new HashSet<Guid>();
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var problem = Check(line, intoOrganisation, Door, today, seen, out var item);
            if (problem == Sealed)
            {
                return new VaultSealed();
            }

            if (problem is not null)
            {
                errors.Add(new FieldError($"line {lineNumber}", "error.import_line", [lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), problem]));
            }
            else
            {
                accepted.Add(item);
            }
        }

        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        if (accepted.Count == 0)
        {
            return new ImportSummary(0, 0);
        }

        var created = 0;
        Dalel.Core.Door.Unsealed.WriteAcross(doors.Values.ToList(), (c, t, audit) =>
        {
            foreach (var (record, identities, files, replaces) in accepted)
            {
                var door = doors[record.OrganisationId];
                if (replaces)
                {
                    CaseWrites.Replace(c, t, door, record, identities, expectedVersion: null);
                    c.Execute(t, "DELETE FROM evidence_files WHERE case_id = @id AND org_id = @org", ("id", record.Id), ("org", record.OrganisationId));
                }
                else
                {
                    CaseWrites.Insert(c, t, door, record, identities);
                    created++;
                }

                foreach (var (id, content) in files)
                {
                    EvidenceFiles.Insert(c, t, door, record.Id, id, content);
                }

                audit(record.OrganisationId, AuditAction.CasesImported, record.Id.ToString("D"));
                progress?.Invoke(created);
            }

            return Done.Value;
        });
        return new ImportSummary(created, accepted.Count - created);
    }

    /// <summary>What <see cref="Check"/> answers when the instance sealed meanwhile.</summary>
    private const string Sealed = "sealed";

    private string? Check(string line, Guid? intoOrganisation, Func<Guid, Result<Door.Unsealed>?> door, DateOnly today, HashSet<Guid> seen,
        out (CaseRecord, IReadOnlyList<VictimIdentity>, List<(Guid, byte[])>, bool) item)
    {
        item = default;
        CaseLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<CaseLine>(line, Json.Lines);
        }
        catch (JsonException e)
        {
            // The serializer's message names the JSON path and position, not the values.
            return $"not valid JSON ({e.Message.Split('.')[0]})";
        }

        if (parsed?.Case is null)
        {
            return "no case in this line";
        }

        if (parsed.Format != CaseLine.CurrentFormat)
        {
            return $"unknown format '{parsed.Format}'";
        }

        var record = parsed.Case with { OrganisationId = intoOrganisation ?? parsed.Case.OrganisationId };
        if (door(record.OrganisationId) is not { } entered)
        {
            return $"organisation {record.OrganisationId} does not exist here (use --org)";
        }

        if (!entered.IsOk)
        {
            return Sealed;
        }

        var open = entered.Value;

        if (!seen.Add(record.Id))
        {
            return $"case {record.Id} appears twice";
        }

        var replaces = open.Case(record.Id) is not null;
        if (!replaces && open.Read(c =>
                c.Scalar<long>(null, "SELECT COUNT(*) FROM cases WHERE id = @id AND deleted = 0", ("id", record.Id))) > 0)
        {
            return $"case {record.Id} belongs to another organisation";
        }

        var rules = CaseValidation.Validate(CaseContent.From(record, parsed.Identities), instance.Catalog, today);
        if (rules.Count > 0)
        {
            return string.Join("; ", rules.Select(r => $"{r.Field}: {r.MessageKey}"));
        }

        var files = new List<(Guid, byte[])>();
        foreach (var meta in record.Files)
        {
            var content = parsed.Files.FirstOrDefault(f => f.Id == meta.Id);
            if (content is null)
            {
                return $"file {meta.Id} has no content";
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(content.ContentBase64);
            }
            catch (FormatException)
            {
                return $"file {meta.Id} content is not base64";
            }

            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != meta.Sha256)
            {
                return $"file {meta.Id} does not match its SHA-256";
            }

            files.Add((meta.Id, bytes));
        }

        item = (record, parsed.Identities, files, replaces);
        return null;
    }
}
