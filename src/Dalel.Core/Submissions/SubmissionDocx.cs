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
        AddStyles(main);
        AddNumbering(main);
        var footnotes = AddFootnotes(main);
        var settings = main.AddNewPart<DocumentSettingsPart>();
        settings.Settings = new Settings(new FootnoteDocumentWideProperties(new FootnoteSpecialReference { Id = -1 }, new FootnoteSpecialReference { Id = 0 }));

        Cover(body, built);
        var language = built.Source.Language;
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

                body.Append(Numbered(paragraph, footnotes));
                if (paragraph.Table is { } table)
                {
                    body.Append(Table(table));
                    body.Append(Styled("Caption", TableCaption(paragraph.Statistic!, language)));
                }

                if (paragraph.ChartSvg is { } svg)
                {
                    body.Append(Chart(main, svg, paragraph.ChartDescription ?? "", ++images));
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
                    body.Append(Numbered(recommendation, footnotes));
                }
            }
        }

        body.Append(new SectionProperties(
            new PageSize { Width = 11906, Height = 16838 },
            new PageMargin { Top = 1134, Bottom = 1134, Left = 1418, Right = 1134, Header = 708, Footer = 708, Gutter = 0 }));
        main.Document.Save();
    }

    private static string TableCaption(StatisticsTable table, string language) =>
        Dalel.Core.Text.Texts.Get(table.Coalition ? "submission.table_source_coalition" : "submission.table_note", language) + " " + TableFormats.Note(table, language);

    private static void Cover(Body body, BuiltSubmission built)
    {
        var s = built.Source;
        var language = s.Language;
        body.Append(Styled("Title", s.Title));
        body.Append(Styled("Subtitle", Dalel.Core.Text.Texts.Get("submission.cover_to", language, built.MechanismName)
            + (s.Session is { Length: > 0 } session ? " — " + Dalel.Core.Text.Texts.Get("submission.cover_session", language, session) : "")));
        body.Append(Styled("Subtitle", built.CountryName));
        body.Append(Styled("Heading3", Dalel.Core.Text.Texts.Get("submission.cover_submitted_by", language)));
        foreach (var submitter in built.Submitters)
        {
            body.Append(Styled("Normal", submitter));
        }

        if (s.Deadline is { } deadline)
        {
            body.Append(Styled("Normal", deadline.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo(language == "kk" ? "kk-KZ" : language == "ru" ? "ru-RU" : "en-GB"))));
        }

        body.Append(new W.Paragraph(new Run(new Break { Type = BreakValues.Page })));
    }

    private static W.Paragraph Styled(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static W.Paragraph Numbered(BuiltParagraph paragraph, FootnotesPart footnotes)
    {
        var p = new W.Paragraph(new ParagraphProperties(
            new ParagraphStyleId { Val = "NumberedParagraph" },
            new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = NumberingId })));
        foreach (var run in paragraph.Runs)
        {
            if (run.FootnoteNumber is { } number)
            {
                footnotes.Footnotes!.Append(new DocumentFormat.OpenXml.Wordprocessing.Footnote(
                    new W.Paragraph(
                        new ParagraphProperties(new ParagraphStyleId { Val = "FootnoteText" }),
                        new Run(new RunProperties(new RunStyle { Val = "FootnoteReference" }), new FootnoteReferenceMark()),
                        new Run(new Text(" " + run.FootnoteText) { Space = SpaceProcessingModeValues.Preserve })))
                { Id = number });
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

            foreach (var value in grid[r])
            {
                var run = new Run(new Text(value) { Space = SpaceProcessingModeValues.Preserve });
                if (r == 0 || r == grid.Count - 1)
                {
                    run.PrependChild(new RunProperties(new Bold()));
                }

                row.Append(new TableCell(new W.Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "TableText" }), run)));
            }

            table.Append(row);
        }

        return table;
    }

    private static W.Paragraph Chart(MainDocumentPart main, string svg, string description, int index)
    {
        const float scale = 2f;
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

    private static void AddStyles(MainDocumentPart main)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        var styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman", EastAsia = "Times New Roman" },
                new FontSize { Val = "24" }, new Languages { Val = "en-GB" })),
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
            ParagraphStyle("Caption", "caption", new RunProperties(new Italic(), new FontSize { Val = "20" }), null),
            ParagraphStyle("TableText", "Table Text", new RunProperties(new FontSize { Val = "20" }), new ParagraphProperties(new SpacingBetweenLines { After = "0" })),
            ParagraphStyle("FootnoteText", "footnote text", new RunProperties(new FontSize { Val = "18" }), new ParagraphProperties(new SpacingBetweenLines { After = "0" })),
            new Style(new StyleName { Val = "footnote reference" }, new StyleRunProperties(new VerticalTextAlignment { Val = VerticalPositionValues.Superscript }))
            { Type = StyleValues.Character, StyleId = "FootnoteReference" },
            new Style(new StyleName { Val = "Table Grid" }) { Type = StyleValues.Table, StyleId = "TableGrid" });
        part.Styles = styles;
    }

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
