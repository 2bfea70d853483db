namespace Dalel.Core.Audit;

/// <summary>Event types written to the audit log. An entry holds ids and one of these, never case content.</summary>
public static class AuditAction
{
    public const string VaultInitialised = "vault.initialised";
    public const string VaultUnsealed = "vault.unsealed";
    public const string VaultUnsealFailed = "vault.unseal_failed";
    public const string VaultUnsealLockedOut = "vault.unseal_locked_out";
    public const string VaultSealed = "vault.sealed";
    public const string PassphraseChanged = "vault.passphrase_changed";
    public const string SignedIn = "member.signed_in";
    public const string SignInFailed = "member.sign_in_failed";
    public const string LockedOut = "member.locked_out";
    public const string SignedOut = "member.signed_out";
    public const string OrganisationCreated = "organisation.created";
    public const string MemberAdded = "member.added";
    public const string MemberRoleChanged = "member.role_changed";
    public const string MemberRemoved = "member.removed";
    public const string PasswordChanged = "member.password_changed";
    public const string CaseCreated = "case.created";
    public const string CaseUpdated = "case.updated";
    public const string CaseDeleted = "case.deleted";
    public const string IdentityViewed = "case.identity_viewed";
    public const string FileAttached = "case.file_attached";
    public const string FileDownloaded = "case.file_downloaded";
    public const string CasesExported = "cases.exported";
    public const string CasesImported = "cases.imported";
    public const string SheetImported = "cases.sheet_imported";
    public const string CaseSheetExported = "cases.sheet_exported";
    public const string ImportProfileSaved = "import.profile_saved";
    public const string ImportProfileDeleted = "import.profile_deleted";
    public const string ApiTokenCreated = "api.token_created";
    public const string ApiTokenRevoked = "api.token_revoked";
    /// <summary>A request made with an API token (its id; the kind of request, never its content).</summary>
    public const string ApiRead = "api.read";
    public const string ApiWrite = "api.write";
    public const string CoalitionSharingOn = "organisation.coalition_sharing_on";
    public const string CoalitionSharingOff = "organisation.coalition_sharing_off";
    public const string OrganisationCountriesSet = "organisation.countries_set";
    public const string RegisterEntrySaved = "register.entry_saved";
    public const string RegisterEntryDeleted = "register.entry_deleted";
    public const string RecommendationAssessed = "register.recommendation_assessed";
    public const string RecommendationEvidenceLinked = "register.evidence_linked";
    public const string RecommendationEvidenceUnlinked = "register.evidence_unlinked";
    public const string RecommendationsImported = "register.recommendations_imported";
    public const string SubmissionCreated = "submission.created";
    public const string SubmissionUpdated = "submission.updated";
    public const string SubmissionDeleted = "submission.deleted";
    public const string StoryRiskAccepted = "submission.story_risk_accepted";
    public const string WordLimitOverridden = "submission.word_limit_overridden";
    public const string SubmissionExported = "submission.exported";
    public const string HateCrimeReportExported = "hate_crime.exported";
    public const string LinkageEncoded = "linkage.encoded";
    public const string LinkageImported = "linkage.result_imported";
    public const string DuplicateDecided = "linkage.duplicate_decided";
    public const string BackupCreated = "instance.backup_created";
    public const string KeySplit = "vault.key_split";
    public const string KeysRotated = "vault.keys_rotated";
    /// <summary>The duress slot was written: at initialisation, and when a duress passphrase is set or cleared (which it does not say).</summary>
    public const string VaultSlotWritten = "vault.slot_written";
    public const string CustodyExported = "case.custody_exported";
    public const string WorkingCopyMade = "case.working_copy_made";
    public const string SecondFactorEnabled = "member.second_factor_enabled";
    public const string SecondFactorDisabled = "member.second_factor_disabled";
    public const string SecondFactorReset = "member.second_factor_reset";
    public const string RecoveryCodesRenewed = "member.recovery_codes_renewed";
    public const string RecoveryCodeUsed = "member.recovery_code_used";
    public const string IntakeConfigured = "intake.configured";
    public const string IntakeReceived = "intake.received";
    public const string IntakeReporterAdded = "intake.reporter_added";
    public const string IntakeReplied = "intake.replied";
    public const string IntakeClosed = "intake.closed";
    public const string IntakeReopened = "intake.reopened";
    public const string IntakeConverted = "intake.converted";
    public const string IntakeFileOpened = "intake.file_opened";
    public const string IntakeResealed = "intake.resealed";
    public const string FieldEnabled = "field.enabled";
    public const string FieldDisabled = "field.disabled";
    public const string FieldDeviceIssued = "field.device_issued";
    public const string FieldDeviceRevoked = "field.device_revoked";

    /// <summary>A device used its credential to send a submission (the device's id is the record).</summary>
    public const string FieldReceived = "field.received";
    public const string FieldRefused = "field.refused";
    public const string FieldFormsFetched = "field.forms_fetched";
    public const string FieldChecked = "field.checked";
    public const string FieldOpened = "field.opened";
    public const string CasesResealed = "cases.resealed";
}
