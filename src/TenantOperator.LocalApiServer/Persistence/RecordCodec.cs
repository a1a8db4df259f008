using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// The payload of a record: a tag byte, then the record's fields (little-endian integers, length-prefixed
/// UTF-8 strings); a <see cref="JournalRecord.Put"/> ends with the object's stored JSON, as served.
/// </summary>
internal static class RecordCodec
{
    private const byte PutTag = 1;
    private const byte DeleteTag = 2;
    private const byte PurgeTag = 3;
    private const byte SnapshotEndTag = 4;

    public static byte[] Encode(JournalRecord record)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            switch (record)
            {
                case JournalRecord.Put put:
                    writer.Write(PutTag);
                    writer.Write(put.Object.ResourceVersion);
                    writer.Write(put.Object.StorageKey);
                    writer.Write(put.Object.Json);
                    break;
                case JournalRecord.Delete delete:
                    writer.Write(DeleteTag);
                    writer.Write(delete.DeletedAt);
                    writer.Write(delete.StorageKey);
                    writer.Write(delete.Namespace);
                    writer.Write(delete.Name);
                    break;
                case JournalRecord.Purge purge:
                    writer.Write(PurgeTag);
                    writer.Write(purge.StorageKey);
                    break;
                case JournalRecord.SnapshotEnd end:
                    writer.Write(SnapshotEndTag);
                    writer.Write(end.StoreRevision);
                    writer.Write(end.ObjectCount);
                    break;
                default:
                    throw new ArgumentException($"unknown record type {record.GetType().Name}", nameof(record));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a payload whose checksum already matched; a malformed one is an <see cref="InvalidDataException"/>.</summary>
    public static JournalRecord Decode(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return DecodeFields(payload);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"the record cannot be decoded: {e.Message}", e);
        }
    }

    private static JournalRecord DecodeFields(ReadOnlyMemory<byte> payload)
    {
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        JournalRecord record;
        switch (reader.ReadByte())
        {
            case PutTag:
                var revision = reader.ReadInt64();
                var storageKey = reader.ReadString();
                var json = payload[(int)stream.Position..];
                stream.Position = stream.Length;
                record = new JournalRecord.Put(ReadObject(storageKey, revision, json));
                break;
            case DeleteTag:
                var deletedAt = reader.ReadInt64();
                record = new JournalRecord.Delete(reader.ReadString(), reader.ReadString(), reader.ReadString(), deletedAt);
                break;
            case PurgeTag:
                record = new JournalRecord.Purge(reader.ReadString());
                break;
            case SnapshotEndTag:
                record = new JournalRecord.SnapshotEnd(reader.ReadInt64(), reader.ReadInt64());
                break;
            case var tag:
                throw new InvalidDataException($"the record has the unknown type {tag}");
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException($"the record has {stream.Length - stream.Position} bytes after its last field");
        }

        return record;
    }

    private static StoredObject ReadObject(string storageKey, long revision, ReadOnlyMemory<byte> json)
    {
        var obj = JsonNode.Parse(json.Span) as JsonObject ?? throw new InvalidDataException("the stored object is not a JSON object");
        var stamped = (string?)obj["metadata"]?["resourceVersion"];
        if (stamped != revision.ToString(CultureInfo.InvariantCulture))
        {
            // The revision is written twice (field and metadata); disagreement means the record is not what was written.
            throw new InvalidDataException($"the record's resourceVersion {revision} differs from its object's \"{stamped}\"");
        }

        return StoredObject.Create(storageKey, obj, revision);
    }
}
