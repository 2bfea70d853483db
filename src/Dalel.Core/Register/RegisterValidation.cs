using System.Text.RegularExpressions;

namespace Dalel.Core.Register;

/// <summary>Checks on register entries, reported per field so a form can show each message beside its input.</summary>
internal static partial class RegisterValidation
{
    /// <summary>UN symbols are slash-separated parts of capitals, digits and dots: CCPR/C/KAZ/QPR/3, A/HRC/WG.6/48/KAZ/1.</summary>
    [GeneratedRegex(@"^[A-Z]{1,10}(/[A-Za-z0-9.\-]{1,20}){1,8}$")]
    private static partial Regex UnSymbol();

    public static bool IsSymbol(string? symbol) => symbol is not null && UnSymbol().IsMatch(symbol);

    public static bool IsParagraph(string? paragraph) => ParagraphReference.IsValid(paragraph);

    public static List<FieldError> Check(object entry, MechanismCatalog mechanisms) => entry switch
    {
        UnDocument d => Document(d, mechanisms),
        ListQuestion q => Question(q),
        Recommendation r => RecommendationErrors(r, mechanisms),
        _ => throw new InvalidOperationException("Unknown register entry."),
    };

    private static List<FieldError> Document(UnDocument d, MechanismCatalog mechanisms)
    {
        var errors = new List<FieldError>();
        Symbol(errors, "symbol", d.Symbol);
        Country(errors, d.Country);
        Mechanism(errors, d.Mechanism, mechanisms);
        Required(errors, "title", d.Title);
        if (d.Url is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            errors.Add(new FieldError("url", "error.url"));
        }

        return errors;
    }

    private static List<FieldError> Question(ListQuestion q)
    {
        var errors = new List<FieldError>();
        Symbol(errors, "symbol", q.Symbol);
        Paragraph(errors, "paragraph", q.Paragraph);
        Required(errors, "text", q.Text);
        for (var i = 0; i < q.Replies.Count; i++)
        {
            Symbol(errors, $"replies[{i}].symbol", q.Replies[i].Symbol);
            Paragraph(errors, $"replies[{i}].paragraphs", q.Replies[i].Paragraphs);
        }

        return errors;
    }

    private static List<FieldError> RecommendationErrors(Recommendation r, MechanismCatalog mechanisms)
    {
        var errors = new List<FieldError>();
        Mechanism(errors, r.Mechanism, mechanisms);
        Symbol(errors, "symbol", r.Symbol);
        Paragraph(errors, "paragraph", r.Paragraph);
        Required(errors, "text", r.Text);
        Required(errors, "body", r.Body);
        Country(errors, r.Country);
        if (r.FollowUpDue is not null && !r.FollowUp)
        {
            errors.Add(new FieldError("follow_up", "error.follow_up_due_without_follow_up"));
        }

        return errors;
    }

    private static void Country(List<FieldError> errors, string country)
    {
        if (string.IsNullOrWhiteSpace(country))
        {
            errors.Add(new FieldError("country", "error.country_unknown_symbol"));
        }
        else if (Vocabularies.Catalog.Default.Geography.FindCountry(country) is null)
        {
            errors.Add(new FieldError("country", "error.unknown_code", country));
        }
    }

    private static void Required(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "error.required"));
        }
    }

    private static void Symbol(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "error.required"));
        }
        else if (!IsSymbol(value))
        {
            errors.Add(new FieldError(field, "error.un_symbol", value));
        }
    }

    private static void Paragraph(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "error.required"));
        }
        else if (!IsParagraph(value))
        {
            errors.Add(new FieldError(field, "error.paragraph_reference", value));
        }
    }

    private static void Mechanism(List<FieldError> errors, string value, MechanismCatalog mechanisms)
    {
        if (mechanisms.Find(value) is null)
        {
            errors.Add(new FieldError("mechanism", "error.unknown_code", value));
        }
    }
}
