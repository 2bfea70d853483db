using System.CommandLine;
using System.Globalization;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Statistics;

namespace Dalel.Cli;

/// <summary>dalel stats: the statistics tables of the web app, as text, CSV or JSON.</summary>
internal static class StatisticsCommands
{
    public static Command Build(Func<ParseResult, Location> where)
    {
        var dimensions = string.Join(", ", Dimension.All.Select(d => d.Key));
        var rows = new Option<string>("--rows") { Required = true, Description = $"Dimension of the rows: {dimensions}" };
        var columns = new Option<string?>("--cols") { Description = "Dimension of the columns" };
        var filters = new Option<string[]>("--filter") { Description = "DIM=CODE, repeatable; all apply", AllowMultipleArgumentsPerToken = true };
        var from = new Option<string?>("--from") { Description = "Start date, yyyy-mm-dd" };
        var to = new Option<string?>("--to") { Description = "End date, yyyy-mm-dd" };
        var scope = new Option<string>("--scope") { Description = "org:ID, or coalition (protected)", DefaultValueFactory = _ => "coalition" };
        var unit = new Option<Unit>("--unit") { Description = "cases, acts or victims", DefaultValueFactory = _ => Unit.Cases };
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var publish = new Option<bool>("--publish") { Description = "Apply disclosure control to an organisation's own table" };
        var language = new Option<string>("--lang") { Description = "en, ru or kk", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong("en", "ru", "kk");

        var command = new Command("stats", "Count cases, acts or victims over one or two dimensions.")
        {
            rows, columns, filters, from, to, scope, unit, format, publish, language,
        };
        command.SetAction(p =>
        {
            var query = new StatisticsQuery
            {
                Rows = p.GetValue(rows)!,
                Columns = p.GetValue(columns),
                Unit = p.GetValue(unit),
                Filters = ParseFilters(p.GetValue(filters) ?? []),
                From = ParseDate(p.GetValue(from), "--from"),
                To = ParseDate(p.GetValue(to), "--to"),
                Release = p.GetValue(publish) ? Release.Published : Release.Internal,
            };
            using var instance = where(p).OpenUnsealed();
            var organisations = Terminal.Ok(new ListOrganisations(instance).Run());
            var (reader, statisticsScope) = Scope(p.GetValue(scope)!, organisations);
            var table = Terminal.Ok(new ComputeStatistics(instance).Run(reader, statisticsScope, query));
            var lang = p.GetValue(language)!;
            switch (p.GetValue(format))
            {
                case "csv":
                    TableFormats.Csv(table, lang, Console.Out, organisations);
                    break;
                case "json":
                    Console.WriteLine(TableFormats.Json(table, lang, organisations));
                    break;
                default:
                    Console.Write(TableFormats.PlainText(table, lang, organisations));
                    if (table.LeftOutForConsent is > 0 and var leftOut)
                    {
                        Console.WriteLine(Dalel.Core.Text.Texts.Get("stats.left_out_consent", lang, leftOut.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }

                    foreach (var sentence in Sentences.For(table, lang, organisations))
                    {
                        Console.WriteLine(sentence);
                    }

                    break;
            }

            return 0;
        });
        return command;
    }

    public static (OrgScope Reader, StatisticsScope Scope) Scope(string text, IReadOnlyList<Organisation> organisations)
    {
        if (text == "coalition")
        {
            var any = organisations.Count > 0 ? organisations[0] : throw new CliFailure("No organisation exists yet.");
            return (OrgScope.Cli(any.Id), new StatisticsScope.Coalition());
        }

        if (text.StartsWith("org:", StringComparison.Ordinal) && Guid.TryParse(text[4..], out var id) && organisations.Any(o => o.Id == id))
        {
            return (OrgScope.Cli(id), new StatisticsScope.Organisation(id));
        }

        throw new CliFailure($"--scope must be 'coalition' or 'org:ID' with the id of an organisation ('dalel org list'), not '{text}'.");
    }

    private static Dictionary<string, string> ParseFilters(IEnumerable<string> filters)
    {
        var parsed = new Dictionary<string, string>();
        foreach (var filter in filters)
        {
            var parts = filter.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new CliFailure($"--filter takes DIM=CODE, e.g. perpetrator=police; got '{filter}'.");
            }

            parsed[parts[0]] = parts[1];
        }

        return parsed;
    }

    private static DateOnly? ParseDate(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new CliFailure($"{option} takes a date as yyyy-mm-dd, not '{text}'.");
}
