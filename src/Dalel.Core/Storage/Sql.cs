using System.Data.Common;
using System.Globalization;

namespace Dalel.Core.Storage;

/// <summary>Small helpers over ADO.NET; values go in as parameters, never into SQL text.</summary>
internal static class Sql
{
    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // SQL text is always a constant of ours; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value switch
            {
                null => DBNull.Value,
                Guid g => g.ToString("D"),
                DateTimeOffset d => d.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                bool b => b ? 1 : 0,
                _ => value,
            };
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static int Execute(this DbConnection connection, DbTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static T Scalar<T>(this DbConnection connection, DbTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }

    public static List<T> Query<T>(this DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, params (string, object?)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static Guid GetGuid(this DbDataReader reader, string column) => Guid.Parse(reader.GetString(reader.GetOrdinal(column)));

    public static string? GetNullableString(this DbDataReader reader, string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : reader.GetString(i);
    }

    public static byte[]? GetBytes(this DbDataReader reader, string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : (byte[])reader.GetValue(i);
    }

    public static long GetLong(this DbDataReader reader, string column) =>
        Convert.ToInt64(reader.GetValue(reader.GetOrdinal(column)), CultureInfo.InvariantCulture);

    public static DateTimeOffset? GetInstant(this DbDataReader reader, string column) =>
        reader.GetNullableString(column) is { } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;
}
