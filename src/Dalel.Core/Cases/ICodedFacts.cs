namespace Dalel.Core.Cases;

/// <summary>A code as stored in a case's bytes: its UTF-8, or absent (null).</summary>
internal readonly ref struct Utf8Code(ReadOnlySpan<byte> utf8, bool present)
{
    public ReadOnlySpan<byte> Utf8 { get; } = utf8;

    public bool Present { get; } = present;
}

/// <summary>
/// Receives a case's coded facts from <see cref="CaseBinary.Walk{T}"/>, in the order they are stored: date, place,
/// status, each victim followed by that victim's consents, each act followed by its violations and perpetrators, then
/// the interventions. Implemented by structs, so each call is direct and nothing is allocated per case.
/// </summary>
internal interface ICodedFacts
{
    void Date(DatePrecision precision, DateOnly from, DateOnly to);

    void Place(Utf8Code region, Utf8Code settlement);

    void Status(CaseStatus status);

    void Victim(int? age, Utf8Code ageBand, Utf8Code orientation, Utf8Code identity, Utf8Code expression, Utf8Code characteristics, Utf8Code trans);

    /// <summary>One of the last victim's consent decisions.</summary>
    void Consent(Utf8Code use, bool granted, DateOnly date);

    void Act();

    /// <summary>One of the last act's violations.</summary>
    void Violation(Utf8Code code);

    /// <summary>One of the last act's perpetrators.</summary>
    void Perpetrator(Utf8Code type);

    void Intervention(Utf8Code type, Utf8Code response);
}
