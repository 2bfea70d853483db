using System.Text.RegularExpressions;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Vault;

public sealed partial class SealedColumnsTests
{
    [GeneratedRegex(@"CREATE TABLE (?<table>\w+) \((?<body>[^;]*)\);")]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"(?:^|,)\s*(?<column>\w+)\s+(BLOB|BYTEA)\b", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex BinaryColumn();

    [GeneratedRegex(@"ALTER TABLE (?<table>\w+) ADD COLUMN (?<column>\w+)\s+(BLOB|BYTEA)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AddedBinaryColumn();

    /// <summary>Every binary column any migration of either database creates, as "table.column".</summary>
    private static HashSet<string> BinaryColumnsInMigrations(string provider)
    {
        var assembly = typeof(DalelInstance).Assembly;
        var columns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith($"migrations/{provider}/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
            foreach (Match table in CreateTable().Matches(sql))
            {
                foreach (Match column in BinaryColumn().Matches(table.Groups["body"].Value))
                {
                    columns.Add($"{table.Groups["table"].Value}.{column.Groups["column"].Value}");
                }
            }

            foreach (Match added in AddedBinaryColumn().Matches(sql))
            {
                columns.Add($"{added.Groups["table"].Value}.{added.Groups["column"].Value}");
            }
        }

        return columns;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Every_binary_column_of_every_migration_is_declared_sealed_or_exempt(string provider)
    {
        var inMigrations = BinaryColumnsInMigrations(provider);
        var declared = SealedColumns.UnderInstanceKeys.Select(s => $"{s.Table}.{s.Column}")
            .Concat(SealedColumns.Exempt.Select(e => $"{e.Table}.{e.Column}")).ToHashSet(StringComparer.Ordinal);

        Assert.True(inMigrations.Count > 20, "the scan found too few binary columns to be reading the migrations");
        Assert.Empty(inMigrations.Except(declared).Order());
        // Nothing declared that the schema does not have (a renamed column would otherwise be skipped silently).
        Assert.Empty(declared.Except(inMigrations).Order());
    }

    [Fact]
    public void The_scan_notices_a_new_sealed_column()
    {
        var sql = "CREATE TABLE notes (\n    id TEXT PRIMARY KEY,\n    text_sealed BLOB NOT NULL\n);\nCREATE TABLE tags (id TEXT, tag_sealed bytea);\nALTER TABLE cases ADD COLUMN summary_sealed BYTEA NULL;";
        var found = CreateTable().Matches(sql).SelectMany(t => BinaryColumn().Matches(t.Groups["body"].Value).Select(c => $"{t.Groups["table"].Value}.{c.Groups["column"].Value}"))
            .Concat(AddedBinaryColumn().Matches(sql).Select(m => $"{m.Groups["table"].Value}.{m.Groups["column"].Value}"));
        Assert.Equal(["notes.text_sealed", "tags.tag_sealed", "cases.summary_sealed"], found);
    }
}
