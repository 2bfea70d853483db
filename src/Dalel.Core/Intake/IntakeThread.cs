using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

/// <summary>
/// What a reporter sees with their receipt: the organisation's replies and when they wrote. Their own words are not
/// shown back: a receipt found on a seized phone then tells only that someone wrote, not what.
/// </summary>
public sealed record IntakeThread(IntakeStatus Status, DateOnly ReceivedOn, IReadOnlyList<DateOnly> ReporterWrote, IReadOnlyList<IntakeMessage> Replies);
