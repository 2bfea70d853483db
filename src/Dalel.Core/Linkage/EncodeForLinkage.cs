using Dalel.Core.Audit;
using Dalel.Core.Estimation;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Linkage;

/// <summary>
/// Encodes every case of the organisation for a linkage run, with the coalition secret (which the organisation holds
/// and the linkage party must not). The file holds no plaintext and no case id.
/// </summary>
public sealed class EncodeForLinkage(DalelInstance instance)
{
    public const int MinimumSecretBytes = 32;

    public Result<EncodingFile> Run(OrgScope scope, byte[] secret, bool harden = true)
    {
        var opened = instance.Enter(scope, Capability.ReviewDuplicates);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        if (secret.Length < MinimumSecretBytes)
        {
            return Invalid.One("secret", "error.linkage_secret", MinimumSecretBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var clk = new Clk(secret);
        var run = Guid.NewGuid();
        var map = new Dictionary<Guid, Guid>();
        var records = new List<EncodedRecord>();
        var real = new List<QuasiIdentifiers>();
        foreach (var stored in opened.Value.CasesWithIdentities)
        {
            var q = QuasiIdentifiers.Of(stored.Record, stored.Identities);
            var pseudonym = Guid.NewGuid();
            map[pseudonym] = stored.Id;
            real.Add(q);
            records.Add(new EncodedRecord(pseudonym, q.Year, MatchEncodings.Encode(clk.EncodeFields(q))));
        }

        // Decoys: a quarter as many records again, each field from a different real record. They link to nothing,
        // map back to no case, and put nodes in the similarity graph that an attacker's plaintext cannot explain.
        foreach (var decoy in Decoys.From(real, harden ? real.Count / 4 : 0))
        {
            records.Add(new EncodedRecord(Guid.NewGuid(), decoy.Year, MatchEncodings.Encode(clk.EncodeFields(decoy))));
        }

        // Shuffled, so the file's order says nothing about the cases' order in the database.
        var shuffled = records.OrderBy(r => r.Pseudonym).ToList();
        var open = opened.Value;
        open.Change(AuditAction.LinkageEncoded, run.ToString("D"), (c, t) =>
            SealedDocuments.Save(c, t, open.DataKey, LinkageStore.RunKind, scope.OrganisationId, run, new LinkageRun(run, map, open.Now), 0));
        return new EncodingFile { List = scope.OrganisationId, Run = run, Records = shuffled };
    }
}
