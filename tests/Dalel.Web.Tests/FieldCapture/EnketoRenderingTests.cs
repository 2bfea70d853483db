using System.Security.Cryptography;
using System.Text.Json;
using Dalel.Core.FieldCapture;
using Dalel.Core.Vocabularies;
using Dalel.Web.Tests.Browser;
using Microsoft.Playwright;

namespace Dalel.Web.Tests.FieldCapture;

/// <summary>
/// Dalel's XForm goes through a form engine Dalel's developers did not write: Enketo's transformer (enketo-transformer
/// from the npm registry, its browser build, XSLT in Chromium) turns it into the HTML form Enketo shows. Every
/// question must come out as the right control, labelled in English, Russian and Kazakh, with the choice lists.
/// </summary>
public sealed class EnketoRenderingTests
{
    [Fact]
    public async Task Enketo_renders_the_incident_form_in_english_russian_and_kazakh()
    {
        Chromium.Require();
        var transformer = Support.Repository.NpmTool(
            Path.Combine("tools", "enketo", "node_modules", "enketo-transformer", "dist", "enketo-transformer", "web", "transformer.js"), "npm ci --prefix tools/enketo");
        using var rsa = RSA.Create(2048);
        var form = FieldForms.Incident(rsa.ExportSubjectPublicKeyInfo(), ["KZ"], Catalog.Default);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<!doctype html><html><head><meta charset=utf-8></head><body></body></html>");
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Type = "module", Content = await File.ReadAllTextAsync(transformer) + "\nwindow.enketoTransform = transform;" });
        await page.WaitForFunctionAsync("() => typeof window.enketoTransform === 'function'");

        var result = await page.EvaluateAsync<JsonElement>("""
            async xform => {
                const r = await window.enketoTransform({ xform });
                document.body.innerHTML = r.form;
                const text = (selector) => [...document.querySelectorAll(selector)].map(e => e.textContent.trim());
                return {
                    model: r.model,
                    languages: [...new Set([...document.querySelectorAll('form [lang]')].map(e => e.getAttribute('lang')))].filter(l => l),
                    labels: Object.fromEntries(['en', 'ru', 'kk'].map(l => [l, text(`.question-label[lang="${l}"]`)])),
                    options: Object.fromEntries(['en', 'ru', 'kk'].map(l => [l, text(`.option-label[lang="${l}"]`)])),
                    controls: [...document.querySelectorAll('form input, form textarea')].map(e => (e.getAttribute('type') || e.tagName.toLowerCase()) + ' ' + e.getAttribute('name')),
                };
            }
            """, form.Xml);

        Assert.Contains("dalel_incident", result.GetProperty("model").GetString(), StringComparison.Ordinal);
        var languages = result.GetProperty("languages").EnumerateArray().Select(l => l.GetString()).ToList();
        foreach (var language in new[] { "en", "ru", "kk" })
        {
            Assert.Contains(language, languages);
            var labels = result.GetProperty("labels").GetProperty(language).EnumerateArray().Select(l => l.GetString()).ToList();
            foreach (var question in FieldForms.Questions)
            {
                Assert.Contains(Dalel.Core.Text.Texts.Get($"field.question.{question.Name}", language), labels);
            }

            var options = result.GetProperty("options").GetProperty(language).EnumerateArray().Select(l => l.GetString()).ToList();
            Assert.Contains(Catalog.Default.Geography.FindRegion("KZ", "almaty_city")!.Labels.For(language), options);
            Assert.Contains(Catalog.Default[Catalog.PerpetratorTypes].Find("police")!.Labels.For(language), options);
            Assert.Contains(Dalel.Core.Text.Texts.Get("field.yes", language), options);
        }

        var controls = result.GetProperty("controls").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("date /data/when", controls);
        Assert.Contains("radio /data/where", controls);
        Assert.Contains("checkbox /data/violations", controls);
        Assert.Contains("file /data/photo", controls);
        Assert.Contains("textarea /data/what", controls);
    }
}
