using System.Security.Cryptography;
using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

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
        var open = instance.Vault.Open;
        if (open is null)
        {
            return new VaultSealed();
        }

        Organisations.OrganisationKeys.LoadAll(instance.Database, open.Keys);
        open.Cases.CatchUp(instance.Database, open.Keys);
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

            var problem = Check(line, intoOrganisation, open, today, seen, out var item);
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

        var created = 0;
        instance.Database.Write((c, t) =>
        {
            foreach (var (record, identities, files, replaces) in accepted)
            {
                if (replaces)
                {
                    CaseWrites.Replace(c, t, open.Keys, record, identities, expectedVersion: null);
                    c.Execute(t, "DELETE FROM evidence_files WHERE case_id = @id AND org_id = @org", ("id", record.Id), ("org", record.OrganisationId));
                }
                else
                {
                    CaseWrites.Insert(c, t, open.Keys, record, identities);
                    created++;
                }

                foreach (var (id, content) in files)
                {
                    c.Execute(t, "INSERT INTO evidence_files (id, org_id, case_id, content) VALUES (@id, @org, @case, @content)",
                        ("id", id), ("org", record.OrganisationId), ("case", record.Id),
                        ("content", Aead.Seal(open.Keys.DataKey(record.OrganisationId), content, CaseSealing.FileAad(record.OrganisationId, record.Id, id))));
                }

                AuditLog.Append(c, t, instance.Clock, actor, AuditAction.CasesImported, record.OrganisationId, record.Id.ToString("D"));
                progress?.Invoke(created);
            }

            return Done.Value;
        });
        open.Cases.CatchUp(instance.Database, open.Keys);
        return new ImportSummary(created, accepted.Count - created);
    }

    private string? Check(string line, Guid? intoOrganisation, OpenVault open, DateOnly today, HashSet<Guid> seen,
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
        if (!open.Keys.HasOrg(record.OrganisationId))
        {
            return $"organisation {record.OrganisationId} does not exist here (use --org)";
        }

        if (!seen.Add(record.Id))
        {
            return $"case {record.Id} appears twice";
        }

        var replaces = open.Cases.Find(record.OrganisationId, record.Id) is not null;
        if (!replaces && open.Keys.HasOrg(record.OrganisationId) && instance.Database.Read(c =>
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
