using System.Data.Common;
using Dalel.Core.Cases;
using Dalel.Core.Intake;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

/// <summary>Which key of the instance's hierarchy seals a column.</summary>
internal enum SealingKey
{
    /// <summary>The directory key (derived from the master key): what the whole instance shares.</summary>
    Directory,

    /// <summary>The row's organisation's data key.</summary>
    OrganisationData,

    /// <summary>The row's organisation's identity key (derived from its data key).</summary>
    OrganisationIdentity,

    /// <summary>The directory key when the row's organisation is "shared", else that organisation's data key.</summary>
    DirectoryOrOrganisation,
}

/// <summary>
/// A column holding ciphertext under one of the instance's keys: the table, its (text) primary key columns, the
/// columns the associated data is built from, and the builder. Key rotation re-seals exactly these.
/// </summary>
internal sealed record SealedColumn(string Table, string[] Key, string Column, SealingKey SealedWith, string[] AadColumns, Func<DbDataReader, byte[]> Aad)
{
    /// <summary>The organisation a row belongs to, for organisation keys.</summary>
    public static Guid OrgOf(DbDataReader row) => row.GetGuid("org_id");
}

/// <summary>A binary column that is not sealed under the instance's keys, and why rotation leaves it.</summary>
internal sealed record UnsealedBinary(string Table, string Column, string Why);

/// <summary>
/// Every binary column of the schema, declared once: sealed under an instance key (and so re-sealed by
/// <see cref="RotateKeys"/>), or exempt with the reason. A test reads every migration of both databases and fails on a
/// BLOB or BYTEA column that is in neither list, so a new sealed column cannot be forgotten by rotation.
/// </summary>
internal static class SealedColumns
{
    public static readonly IReadOnlyList<SealedColumn> UnderInstanceKeys =
    [
        new("organisations", ["id"], "profile_sealed", SealingKey.Directory, ["id"], r => OrganisationKeys.ProfileAad(r.GetGuid("id"))),
        new("members", ["id"], "profile_sealed", SealingKey.Directory, ["id"], r => MemberProfiles.Aad(r.GetGuid("id"))),
        new("duress_slot", ["id"], "sealed", SealingKey.Directory, ["id"], _ => DuressSlot.Aad),
        new("members", ["id"], "memberships_sealed", SealingKey.Directory, ["id"], r => MemberDirectory.Aad(r.GetGuid("id"))),
        new("cases", ["id"], "body", SealingKey.OrganisationData, ["id", "org_id"], r => CaseSealing.BodyAad(SealedColumn.OrgOf(r), r.GetGuid("id"))),
        new("cases", ["id"], "identities_sealed", SealingKey.OrganisationIdentity, ["id", "org_id"], r => CaseSealing.IdentitiesAad(SealedColumn.OrgOf(r), r.GetGuid("id"))),
        new("evidence_files", ["id"], "content", SealingKey.OrganisationData, ["id", "org_id", "case_id"], r => CaseSealing.FileAad(SealedColumn.OrgOf(r), r.GetGuid("case_id"), r.GetGuid("id"))),
        new("intake_forms", ["org_id"], "wrapped_private_key", SealingKey.OrganisationData, ["org_id"], r => IntakeKeys.PrivateKeyAad(SealedColumn.OrgOf(r))),
        new("field_capture", ["org_id"], "wrapped_rsa_private_key", SealingKey.OrganisationData, ["org_id"], r => FieldCapture.FieldCaptureStore.PrivateKeyAad(SealedColumn.OrgOf(r))),
        new("sealed_documents", ["kind", "id"], "body", SealingKey.DirectoryOrOrganisation, ["kind", "id", "org_id"], r => SealedDocuments.Aad(r.GetString(r.GetOrdinal("kind")), DocumentOrg(r), r.GetGuid("id"))),
    ];

    public static readonly IReadOnlyList<UnsealedBinary> Exempt =
    [
        new("vault", "kdf_salt", "a salt, not a secret; replaced by rotation with the wrapped master key"),
        new("vault", "login_salt", "a salt for sign-in names"),
        new("vault", "wrapped_audit_key", "wrapped under the master key; rotation re-wraps the same key, so the audit chain stays as it is"),
        new("vault", "wrapped_master", "wrapped under the passphrase's key; rotation wraps the new master itself"),
        new("organisations", "wrapped_data_key", "wrapped under the master key; rotation draws new data keys itself"),
        new("members", "totp_sealed", "sealed under a key from the member's password, not an instance key"),
        new("members", "sign_in_sealed", "the member's own copy of their memberships, under a key from their name and password"),
        new("key_shares", "kdf_salt", "a holder's salt; shares are deleted by rotation"),
        new("key_shares", "wrapped_share", "under a holder's passphrase; shares are deleted by rotation"),
        new("key_split", "master_check", "a check value of the master; deleted by rotation"),
        new("duress", "kdf_salt", "an earlier version's plain duress salt, moved into duress_slot at the next unsealing"),
        new("duress", "verifier", "an earlier version's plain duress verifier, moved into duress_slot at the next unsealing"),
        new("intake_forms", "public_key", "the organisation's public key, not a secret"),
        new("intake_reports", "key_for_org", "the reply key sealed to the organisation's public key, whose private key rotation re-seals"),
        new("intake_reports", "key_for_receipt", "the reply key under a key from the reporter's receipt code"),
        new("intake_messages", "sealed", "reporter messages sealed to the organisation's public key; replies under the reply key"),
        new("intake_messages", "sealed_for_reporter", "when a reporter message was sent, under the reply key"),
        new("intake_files", "sealed_info", "sealed to the organisation's public key"),
        new("intake_files", "sealed_content", "sealed to the organisation's public key"),
        new("field_capture", "rsa_public_key", "the organisation's RSA public key, which every field form carries"),
        new("field_submissions", "sealed_envelope", "what a phone sent (already encrypted to the RSA key), sealed as a whole to the organisation's intake public key"),
    ];

    /// <summary>The shared documents have an empty organisation.</summary>
    public static Guid DocumentOrg(DbDataReader row) =>
        row.GetString(row.GetOrdinal("org_id")) is { Length: > 0 } org ? Guid.Parse(org) : SealedDocuments.Shared;
}
