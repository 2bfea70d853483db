using System.Buffers.Binary;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Dalel.Core.Statistics;
using A = DocumentFormat.OpenXml.Drawing;
using Pic = DocumentFormat.OpenXml.Drawing.Pictures;
using Wp = DocumentFormat.OpenXml.Drawing.Wordprocessing;

namespace Dalel.Core.Submissions;

using Text = DocumentFormat.OpenXml.Wordprocessing.Text;
using W = DocumentFormat.OpenXml.Wordprocessing;

/// <summary>
/// Writes a built submission as a Word document: a cover naming the submitters, heading styles, one numbered list
/// running through every section (Word numbers the paragraphs, so editors can still insert one by hand), real
/// footnotes, statistics tables, and charts as PNG with their sentences as alternative text.
/// </summary>
public static class SubmissionDocx
{
    private const int NumberingId = 1;

    public static void Write(BuiltSubmission built, Stream output)
    {
        // The package writer needs to seek; a web response cannot, so the document is assembled in memory first.
        if (!output.CanSeek)
        {
            using var buffer = new MemoryStream();
            Write(built, buffer);
            buffer.Position = 0;
            buffer.CopyTo(output);
            return;
        }

        using var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document, autoSave: true);
        var main = document.AddMainDocumentPart();
        main.Document = new Document(new Body());
        var body = main.Document.Body!;
        var language = built.Source.Language;
        AddStyles(main, language);
        AddNumbering(main);
        var footnotes = AddFootnotes(main);
        var settings = main.AddNewPart<DocumentSettingsPart>();
        settings.Settings = new Settings(new FootnoteDocumentWideProperties(new FootnoteSpecialReference { Id = -1 }, new FootnoteSpecialReference { Id = 0 }));

        Cover(body, built);
        var footer = PageNumberFooter(main);
        var images = 0;
        foreach (var section in built.Sections)
        {
            body.Append(Styled("Heading1", section.Heading));
            foreach (var paragraph in section.Paragraphs)
            {
                if (paragraph.Heading is { } heading)
                {
                    body.Append(Styled("Heading2", heading));
                }

                body.Append(Numbered(paragraph, footnotes, language));
                if (paragraph.Table is { } table)
                {
                    body.Append(Styled("TableTitle", paragraph.TableTitle ?? ""));
                    body.Append(Table(table));
                    body.Append(Styled("Caption", paragraph.TableCaption ?? ""));
                }

                if (paragraph.ChartSvg is { } svg)
                {
                    body.Append(Styled("TableTitle", paragraph.ChartTitle ?? ""));
                    body.Append(Chart(main, svg, paragraph.ChartDescription ?? "", ++images));
                    if (paragraph.Table is null)
                    {
                        body.Append(Styled("Caption", paragraph.TableCaption ?? ""));
                    }
                }

                if (paragraph.Attribution is { } attribution)
                {
                    body.Append(Styled("Attribution", attribution));
                }
            }

            if (section.Recommendations.Count > 0)
            {
                body.Append(Styled("Heading2", section.RecommendationsHeading));
                foreach (var recommendation in section.Recommendations)
                {
                    body.Append(Numbered(recommendation, footnotes, language));
                }
            }
        }

        body.Append(new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
            new PageSize { Width = 11906, Height = 16838 },
            new PageMargin { Top = 1134, Bottom = 1134, Left = 1418, Right = 1134, Header = 708, Footer = 708, Gutter = 0 },
            new TitlePage()));
        main.Document.Save();
    }

    /// <summary>
    /// The cover a secretariat expects: title, the body and session with its dates, the State and the symbol of its
    /// report, who submits, a contact and the date. It is page 1 without a number (the footer starts on page 2).
    /// </summary>
    /// <summary>The cover's lines under the title: the body, the session with its dates, the State and its report.</summary>
    public static IReadOnlyList<string> CoverLines(BuiltSubmission built)
    {
        var s = built.Source;
        string T(string key, params string[] args) => Dalel.Core.Text.Texts.Get(key, s.Language, args);
        var lines = new List<string> { T("submission.cover_to", built.MechanismName) };
        if (s.Session is { Length: > 0 } session)
        {
            lines.Add(s.SessionFrom is { } from
                ? T("submission.cover_session_dates", session, DateRange(from, s.SessionTo ?? from, s.Language))
                : T("submission.cover_session", session));
        }

        lines.Add(s.StateReport is { Length: > 0 } report ? T("submission.cover_state_report", built.CountryName, report) : T("submission.cover_state", built.CountryName));
        return lines;
    }

    /// <summary>The cover's lines after the submitters: the contact and the date.</summary>
    public static IReadOnlyList<string> CoverFooterLines(BuiltSubmission built)
    {
        var s = built.Source;
        var lines = new List<string>();
        if (s.Contact is { Length: > 0 } contact)
        {
            lines.Add(Dalel.Core.Text.Texts.Get("submission.cover_contact", s.Language, contact));
        }

        lines.Add(Dalel.Core.Text.Texts.Get("submission.cover_date", s.Language, Day(built.Date, s.Language)));
        return lines;
    }

    /// <summary>
    /// The cover a secretariat expects: title, the body and session with its dates, the State and the symbol of its
    /// report, who submits, a contact and the date. It is page 1 without a number (the footer starts on page 2).
    /// </summary>
    private static void Cover(Body body, BuiltSubmission built)
    {
        body.Append(Styled("Title", Typography.Quotes(built.Source.Title, built.Source.Language)));
        foreach (var line in CoverLines(built))
        {
            body.Append(Styled("Subtitle", line));
        }

        body.Append(Styled("CoverHeading", Dalel.Core.Text.Texts.Get("submission.cover_submitted_by", built.Source.Language)));
        foreach (var submitter in built.Submitters)
        {
            body.Append(Styled("CoverText", submitter));
        }

        foreach (var line in CoverFooterLines(built))
        {
            body.Append(Styled("CoverText", line));
        }

        body.Append(new W.Paragraph(new Run(new Break { Type = BreakValues.Page })));
    }

    private static System.Globalization.CultureInfo Culture(string language) =>
        System.Globalization.CultureInfo.GetCultureInfo(language switch { "kk" => "kk-KZ", "ru" => "ru-RU", _ => "en-GB" });

    private static string Day(DateOnly date, string language) => date.ToString("d MMMM yyyy", Culture(language));

    /// <summary>"23 June – 25 July 2025", "3–28 March 2025".</summary>
    private static string DateRange(DateOnly from, DateOnly to, string language)
    {
        if (from == to)
        {
            return Day(from, language);
        }

        var culture = Culture(language);
        var start = from.Year != to.Year ? Day(from, language) : from.Month != to.Month ? from.ToString("d MMMM", culture) : from.Day.ToString(culture);
        return start + (from.Month == to.Month && from.Year == to.Year ? "–" : " – ") + Day(to, language);
    }

    /// <summary>A centred page number on every page after the cover, as a PAGE field Word and LibreOffice both update.</summary>
    private static FooterPart PageNumberFooter(MainDocumentPart main)
    {
        var part = main.AddNewPart<FooterPart>();
        part.Footer = new Footer(new W.Paragraph(
            new ParagraphProperties(new ParagraphStyleId { Val = "Footer" }, new Justification { Val = JustificationValues.Center }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
            new Run(new RunProperties(new NoProof()), new Text("2")),
            new Run(new FieldChar { FieldCharType = FieldCharValues.End })));
        return part;
    }

    private static W.Paragraph Styled(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static W.Paragraph Numbered(BuiltParagraph paragraph, FootnotesPart footnotes, string language)
    {
        var p = new W.Paragraph(new ParagraphProperties(
            new ParagraphStyleId { Val = "NumberedParagraph" },
            new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = NumberingId })));
        foreach (var run in paragraph.Runs)
        {
            if (run.FootnoteNumber is { } number)
            {
                var note = new W.Paragraph(
                    new ParagraphProperties(new ParagraphStyleId { Val = "FootnoteText" }),
                    new Run(new RunProperties(new RunStyle { Val = "FootnoteReference" }), new FootnoteReferenceMark()),
                    new Run(new Text(" " + run.FootnoteText) { Space = SpaceProcessingModeValues.Preserve }));
                if (run.FootnoteUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var address))
                {
                    // A real link, so the secretariat can follow it from the document.
                    var relation = footnotes.AddHyperlinkRelationship(address, true);
                    note.Append(new Run(new Text(" " + Citation.AvailableAt(language) + " ") { Space = SpaceProcessingModeValues.Preserve }));
                    note.Append(new Hyperlink(new Run(new RunProperties(new RunStyle { Val = "Hyperlink" }), new Text(url))) { Id = relation.Id, History = true });
                }

                footnotes.Footnotes!.Append(new DocumentFormat.OpenXml.Wordprocessing.Footnote(note) { Id = number });
                p.Append(new Run(new RunProperties(new RunStyle { Val = "FootnoteReference" }), new FootnoteReference { Id = number }));
            }
            else
            {
                p.Append(new Run(new Text(run.Text) { Space = SpaceProcessingModeValues.Preserve }));
            }
        }

        return p;
    }

    private static Table Table(IReadOnlyList<string[]> grid)
    {
        var border = new EnumValue<BorderValues>(BorderValues.Single);
        var table = new Table(new TableProperties(
            new TableStyle { Val = "TableGrid" },
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
            new TableBorders(
                new TopBorder { Val = border, Size = 4 }, new LeftBorder { Val = border, Size = 4 },
                new BottomBorder { Val = border, Size = 4 }, new RightBorder { Val = border, Size = 4 },
                new InsideHorizontalBorder { Val = border, Size = 4 }, new InsideVerticalBorder { Val = border, Size = 4 })));
        // Word needs the grid; columns share the text width (9,354 twips on A4 with these margins).
        var columns = grid.Count == 0 ? 1 : grid[0].Length;
        table.Append(new TableGrid(Enumerable.Range(0, columns).Select(_ => new GridColumn { Width = (9354 / columns).ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        for (var r = 0; r < grid.Count; r++)
        {
            var row = new TableRow();
            if (r == 0)
            {
                row.Append(new TableRowProperties(new TableHeader()));
            }

            for (var c = 0; c < grid[r].Length; c++)
            {
                var run = new Run(new Text(grid[r][c]) { Space = SpaceProcessingModeValues.Preserve });
                if (r == 0 || r == grid.Count - 1)
                {
                    run.PrependChild(new RunProperties(new Bold()));
                }

                // Counts and percentages line up on the right, as figures are read; the labels on the left.
                var align = c == 0 ? JustificationValues.Left : JustificationValues.Right;
                row.Append(new TableCell(new W.Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "TableText" }, new Justification { Val = align }), run)));
            }

            table.Append(row);
        }

        return table;
    }

    private static W.Paragraph Chart(MainDocumentPart main, string svg, string description, int index)
    {
        const float scale = ChartImages.PrintScale;
        var png = ChartImages.Png(svg, scale);
        var image = main.AddImagePart(ImagePartType.Png);
        using (var stream = new MemoryStream(png))
        {
            image.FeedData(stream);
        }

        // The PNG header holds its size; at 96 dpi a pixel is 9,525 EMU. Wider than the text column, it is scaled down.
        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)) / scale;
        var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)) / scale;
        const long columnEmu = 5_760_000;
        var cx = (long)(width * 9525);
        var cy = (long)(height * 9525);
        if (cx > columnEmu)
        {
            cy = cy * columnEmu / cx;
            cx = columnEmu;
        }

        var id = (uint)index;
        var name = $"Chart {index}";
        var inline = new Wp.Inline(
            new Wp.Extent { Cx = cx, Cy = cy },
            new Wp.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new Wp.DocProperties { Id = id, Name = name, Description = description },
            new Wp.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new Pic.Picture(
                    new Pic.NonVisualPictureProperties(new Pic.NonVisualDrawingProperties { Id = id, Name = name, Description = description }, new Pic.NonVisualPictureDrawingProperties()),
                    new Pic.BlipFill(new A.Blip { Embed = main.GetIdOfPart(image) }, new A.Stretch(new A.FillRectangle())),
                    new Pic.ShapeProperties(
                        new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0, DistanceFromBottom = 0, DistanceFromLeft = 0, DistanceFromRight = 0 };
        return new W.Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), new Run(new Drawing(inline)));
    }

    private static FootnotesPart AddFootnotes(MainDocumentPart main)
    {
        var part = main.AddNewPart<FootnotesPart>();
        part.Footnotes = new Footnotes(
            new DocumentFormat.OpenXml.Wordprocessing.Footnote(new W.Paragraph(new Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
            new DocumentFormat.OpenXml.Wordprocessing.Footnote(new W.Paragraph(new Run(new ContinuationSeparatorMark()))) { Type = FootnoteEndnoteValues.ContinuationSeparator, Id = 0 });
        return part;
    }

    private static void AddNumbering(MainDocumentPart main)
    {
        var part = main.AddNewPart<NumberingDefinitionsPart>();
        part.Numbering = new Numbering(
            new AbstractNum(
                new MultiLevelType { Val = MultiLevelValues.SingleLevel },
                new Level(
                    new StartNumberingValue { Val = 1 },
                    new NumberingFormat { Val = NumberFormatValues.Decimal },
                    new LevelText { Val = "%1." },
                    new LevelJustification { Val = LevelJustificationValues.Left },
                    new PreviousParagraphProperties(new Indentation { Left = "567", Hanging = "567" }))
                { LevelIndex = 0 })
            { AbstractNumberId = 1 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = NumberingId });
    }

    private static void AddStyles(MainDocumentPart main, string language)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        var styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman", EastAsia = "Times New Roman" },
                new FontSize { Val = "24" }, new Languages { Val = LanguageTag(language), EastAsia = LanguageTag(language), Bidi = LanguageTag(language) })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "160", Line = "264", LineRule = LineSpacingRuleValues.Auto }))));
        styles.Append(
            ParagraphStyle("Normal", "Normal", null, null, isDefault: true),
            ParagraphStyle("Title", "Title", new RunProperties(new Bold(), new FontSize { Val = "40" }), new ParagraphProperties(new SpacingBetweenLines { Before = "2400", After = "480" }, new Justification { Val = JustificationValues.Center })),
            ParagraphStyle("Subtitle", "Subtitle", new RunProperties(new FontSize { Val = "28" }), new ParagraphProperties(new Justification { Val = JustificationValues.Center })),
            ParagraphStyle("Heading1", "heading 1", new RunProperties(new Bold(), new Caps(), new FontSize { Val = "26" }), new ParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "360", After = "120" }, new OutlineLevel { Val = 0 })),
            ParagraphStyle("Heading2", "heading 2", new RunProperties(new Bold(), new FontSize { Val = "24" }), new ParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }, new OutlineLevel { Val = 1 })),
            ParagraphStyle("Heading3", "heading 3", new RunProperties(new Bold()), new ParagraphProperties(new KeepNext(), new OutlineLevel { Val = 2 })),
            ParagraphStyle("NumberedParagraph", "Numbered W.Paragraph", null, new ParagraphProperties(new Justification { Val = JustificationValues.Both })),
            ParagraphStyle("Attribution", "Attribution", new RunProperties(new Italic()), new ParagraphProperties(new Justification { Val = JustificationValues.Right })),
            ParagraphStyle("Caption", "caption", new RunProperties(new Italic(), new FontSize { Val = "20" }), new ParagraphProperties(new SpacingBetweenLines { Before = "60", After = "240" })),
            ParagraphStyle("TableTitle", "Table Title", new RunProperties(new Bold(), new FontSize { Val = "22" }), new ParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "120", After = "80" })),
            ParagraphStyle("CoverHeading", "Cover Heading", new RunProperties(new Bold()), new ParagraphProperties(new SpacingBetweenLines { Before = "720" }, new Justification { Val = JustificationValues.Center })),
            ParagraphStyle("CoverText", "Cover Text", null, new ParagraphProperties(new SpacingBetweenLines { After = "60" }, new Justification { Val = JustificationValues.Center })),
            ParagraphStyle("Footer", "footer", new RunProperties(new FontSize { Val = "20" }), new ParagraphProperties(new SpacingBetweenLines { After = "0" })),
            new Style(new StyleName { Val = "Hyperlink" }, new StyleRunProperties(new Color { Val = "0563C1" }, new Underline { Val = UnderlineValues.Single }))
            { Type = StyleValues.Character, StyleId = "Hyperlink" },
            ParagraphStyle("TableText", "Table Text", new RunProperties(new FontSize { Val = "20" }), new ParagraphProperties(new SpacingBetweenLines { After = "0" })),
            ParagraphStyle("FootnoteText", "footnote text", new RunProperties(new FontSize { Val = "18" }), new ParagraphProperties(new SpacingBetweenLines { After = "0" })),
            new Style(new StyleName { Val = "footnote reference" }, new StyleRunProperties(new VerticalTextAlignment { Val = VerticalPositionValues.Superscript }))
            { Type = StyleValues.Character, StyleId = "FootnoteReference" },
            new Style(new StyleName { Val = "Table Grid" }) { Type = StyleValues.Table, StyleId = "TableGrid" });
        part.Styles = styles;
    }

    /// <summary>The document's language, so spelling and hyphenation follow it (a Russian text marked en-GB is all "misspelt").</summary>
    private static string LanguageTag(string language) => language switch { "ru" => "ru-RU", "kk" => "kk-KZ", "fr" => "fr-FR", "es" => "es-ES", _ => "en-GB" };

    private static Style ParagraphStyle(string id, string name, RunProperties? run, ParagraphProperties? paragraph, bool isDefault = false)
    {
        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
        if (isDefault)
        {
            style.Default = true;
        }
        else
        {
            style.Append(new BasedOn { Val = "Normal" });
        }

        if (paragraph is not null)
        {
            style.Append(new StyleParagraphProperties(paragraph.ChildElements.Select(e => e.CloneNode(true))));
        }

        if (run is not null)
        {
            style.Append(new StyleRunProperties(run.ChildElements.Select(e => e.CloneNode(true))));
        }

        return style;
    }
}
