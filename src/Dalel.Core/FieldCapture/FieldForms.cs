using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Dalel.Core.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.FieldCapture;

// MD5 is the protocol's, not a choice: ODK's IVs, element signature and form hashes are defined with it. Integrity
// rests on the RSA-encrypted signature and, once opened, on the SHA-256 Dalel records.
#pragma warning disable CA5351

/// <summary>A form as the Form List API describes it.</summary>
public sealed record FieldFormInfo(string Id, string Name, string Version, string Md5, string Xml);

/// <summary>
/// The XForm field apps fill: an incident report built from Dalel's own lists (the regions of the organisation's States,
/// violations, perpetrator types), worded in English, Russian and Kazakh, every answer encrypted on the phone to the
/// organisation's RSA key (the <c>base64RsaPublicKey</c> of its submission element) and deleted from the phone once sent.
/// Its version is a digest of everything in it, so a changed list is a new version while phones keep sending the old
/// one, which opens the same way: answers are read by name.
/// </summary>
public static class FieldForms
{
    public const string IncidentId = "dalel_incident";

    public static readonly string[] Languages = ["en", "ru", "kk"];

    private static readonly XNamespace X = "http://www.w3.org/2002/xforms";
    private static readonly XNamespace H = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Jr = "http://openrosa.org/javarosa";
    private static readonly XNamespace Orx = "http://openrosa.org/xforms";
    private static readonly XNamespace Odk = "http://www.opendatakit.org/xforms";

    /// <summary>The questions, in order: name, kind, whether required.</summary>
    public static readonly IReadOnlyList<(string Name, string Kind, bool Required)> Questions =
    [
        ("when", "date", false),
        ("where", "region", false),
        ("violations", "violations", false),
        ("who", "perpetrator", false),
        ("what", "text", true),
        ("victim", "line", false),
        ("consent_anonymous_statistics", "yesno", true),
        ("consent_anonymised_story", "yesno", true),
        ("consent_named_publication", "yesno", true),
        ("photo", "image", false),
    ];

    public static FieldFormInfo Incident(byte[] rsaPublicKey, IReadOnlyList<string> countries, Catalog catalog)
    {
        var body = Build(rsaPublicKey, countries, catalog, version: "");
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting))))[..10];
        var xml = Build(rsaPublicKey, countries, catalog, version).ToString(SaveOptions.DisableFormatting);
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(xml)));
        return new FieldFormInfo(IncidentId, Texts.Get("field.form_title", "en"), version, md5, xml);
    }

    /// <summary>The choices of a question: code and label in each language.</summary>
    internal static IReadOnlyList<(string Code, Labels Labels)> Choices(string kind, IReadOnlyList<string> countries, Catalog catalog) => kind switch
    {
        "region" => countries.Select(catalog.Geography.FindCountry).OfType<Places.Country>()
            .SelectMany(c => c.Regions.Select(r => (r.Code, r.Labels))).ToList(),
        "violations" => catalog[Catalog.Violations].Terms.Select(t => (t.Code, t.Labels)).ToList(),
        "perpetrator" => catalog[Catalog.PerpetratorTypes].Terms.Select(t => (t.Code, t.Labels)).ToList(),
        "yesno" => [("yes", Label("field.yes")), ("no", Label("field.no"))],
        _ => [],
    };

    internal static Labels Label(string key) => new() { En = Texts.Get(key, "en"), Ru = Texts.Get(key, "ru"), Kk = Texts.Get(key, "kk") };

    private static XDocument Build(byte[] rsaPublicKey, IReadOnlyList<string> countries, Catalog catalog, string version)
    {
        var translations = Languages.Select(language => new XElement(X + "translation",
            new XAttribute("lang", Texts.Get($"language.{language}", language) + $" ({language})"),
            language == "en" ? new XAttribute("default", "true()") : null,
            Questions.SelectMany(q => new[] { new XElement(X + "text", new XAttribute("id", $"/data/{q.Name}:label"), new XElement(X + "value", Texts.Get($"field.question.{q.Name}", language))) }
                .Concat(Choices(q.Kind, countries, catalog).Select(c => new XElement(X + "text", new XAttribute("id", $"/data/{q.Name}/{c.Code}:label"), new XElement(X + "value", c.Labels.For(language))))))));

        var binds = Questions.Select(q => new XElement(X + "bind",
                new XAttribute("nodeset", $"/data/{q.Name}"),
                new XAttribute("type", q.Kind switch { "date" => "date", "image" => "binary", _ => "string" }),
                q.Required ? new XAttribute("required", "true()") : null))
            .Append(new XElement(X + "bind", new XAttribute("nodeset", "/data/meta/instanceID"), new XAttribute("type", "string"),
                new XAttribute("readonly", "true()"), new XAttribute(Jr + "preload", "uid")));

        var controls = Questions.Select(q =>
        {
            var label = new XElement(X + "label", new XAttribute("ref", $"jr:itext('/data/{q.Name}:label')"));
            var items = Choices(q.Kind, countries, catalog).Select(c => new XElement(X + "item",
                new XElement(X + "label", new XAttribute("ref", $"jr:itext('/data/{q.Name}/{c.Code}:label')")), new XElement(X + "value", c.Code)));
            return q.Kind switch
            {
                "region" or "perpetrator" or "yesno" => new XElement(X + "select1", new XAttribute("ref", $"/data/{q.Name}"), label, items),
                "violations" => new XElement(X + "select", new XAttribute("ref", $"/data/{q.Name}"), label, items),
                "image" => new XElement(X + "upload", new XAttribute("ref", $"/data/{q.Name}"), new XAttribute("mediatype", "image/*"), label),
                "text" => new XElement(X + "input", new XAttribute("ref", $"/data/{q.Name}"), new XAttribute("appearance", "multiline"), label),
                _ => new XElement(X + "input", new XAttribute("ref", $"/data/{q.Name}"), label),
            };
        });

        return new XDocument(new XElement(H + "html",
            new XAttribute("xmlns", X.NamespaceName), new XAttribute(XNamespace.Xmlns + "h", H.NamespaceName), new XAttribute(XNamespace.Xmlns + "jr", Jr.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "orx", Orx.NamespaceName), new XAttribute(XNamespace.Xmlns + "odk", Odk.NamespaceName),
            new XElement(H + "head",
                new XElement(H + "title", Texts.Get("field.form_title", "en")),
                new XElement(X + "model", new XAttribute(Odk + "xforms-version", "1.0.0"),
                    new XElement(X + "itext", translations),
                    new XElement(X + "instance",
                        new XElement(X + "data", new XAttribute("id", IncidentId), new XAttribute("version", version),
                            Questions.Select(q => new XElement(X + q.Name)),
                            new XElement(X + "meta", new XElement(X + "instanceID")))),
                    binds,
                    // auto-delete: the phone keeps nothing once the server has it.
                    new XElement(X + "submission", new XAttribute("method", "post"), new XAttribute("base64RsaPublicKey", Convert.ToBase64String(rsaPublicKey)),
                        new XAttribute(Orx + "auto-delete", "true")))),
            new XElement(H + "body", controls)));
    }
}
