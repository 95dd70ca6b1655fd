using System.Buffers.Binary;
using System.Data.Common;
using System.Globalization;

namespace DashboardApp.Core.Rollups;

/// <summary>
/// The integers of a column the dialect joined (<see cref="Data.Sql.SqlDialect.UnitMonths"/>), one after another in the
/// order of its columns: space-separated text from SQLite, big-endian 4- and 8-byte integers from PostgreSQL.
/// </summary>
internal ref struct JoinedFields(string? text, byte[]? bytes)
{
    private ReadOnlySpan<char> _text = text;
    private ReadOnlySpan<byte> _bytes = bytes;

    /// <summary>A joined column as it was read: text (SQLite) or bytes (PostgreSQL).</summary>
    public static (string? Text, byte[]? Bytes) Read(DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(byte[]) ? (null, reader.GetFieldValue<byte[]>(ordinal)) : (reader.GetString(ordinal), null);

    public readonly bool IsEmpty => _text.IsEmpty && _bytes.IsEmpty;

    public int Int32()
    {
        if (_bytes.IsEmpty) return (int)Next(ref _text);
        var value = BinaryPrimitives.ReadInt32BigEndian(_bytes);
        _bytes = _bytes[4..];
        return value;
    }

    public long Int64()
    {
        if (_bytes.IsEmpty) return Next(ref _text);
        var value = BinaryPrimitives.ReadInt64BigEndian(_bytes);
        _bytes = _bytes[8..];
        return value;
    }

    /// <summary>The first of the space-separated integers, taken off the text.</summary>
    private static long Next(ref ReadOnlySpan<char> text)
    {
        var end = text.IndexOf(' ');
        var number = long.Parse(end < 0 ? text : text[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        text = end < 0 ? [] : text[(end + 1)..];
        return number;
    }
}
