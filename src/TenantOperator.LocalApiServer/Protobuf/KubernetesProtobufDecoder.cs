using System.Text;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Objects;

namespace TenantOperator.LocalApiServer.Protobuf;

/// <summary>
/// Decodes <c>application/vnd.kubernetes.protobuf</c> request bodies (the <c>k8s\0</c> envelope around a
/// runtime.Unknown) into JSON objects, for the kinds in <see cref="KubernetesProtoSchemas"/>. Anything
/// else is a 415, naming JSON as the accepted type. Answers are always JSON, which clients accept.
/// </summary>
internal static class KubernetesProtobufDecoder
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];
    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length < Magic.Length || !body[..Magic.Length].SequenceEqual(Magic))
        {
            throw ApiErrors.BadRequest("protobuf body does not start with the Kubernetes envelope");
        }

        var reader = new ProtoReader(body[Magic.Length..].ToArray());
        string apiVersion = string.Empty, kind = string.Empty;
        byte[] raw = [];
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    var typeMeta = new ProtoReader(reader.ReadBytes());
                    while (typeMeta.TryReadTag(out var typeField, out var typeWire))
                    {
                        if (typeField == 1) { apiVersion = typeMeta.ReadString(); }
                        else if (typeField == 2) { kind = typeMeta.ReadString(); }
                        else { typeMeta.Skip(typeWire); }
                    }

                    break;
                case 2:
                    raw = reader.ReadBytes();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (!KubernetesProtoSchemas.Kinds.TryGetValue($"{apiVersion}/{kind}", out var schema) &&
            !AccessProtoSchemas.Kinds.TryGetValue($"{apiVersion}/{kind}", out schema))
        {
            throw ApiErrors.UnsupportedMediaType(["application/json"]);
        }

        var obj = DecodeMessage(new ProtoReader(raw), schema);
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static JsonObject DecodeMessage(ProtoReader reader, ProtoMessage schema)
    {
        var obj = new JsonObject();
        while (reader.TryReadTag(out var number, out var wire))
        {
            if (!schema.Fields.TryGetValue(number, out var field))
            {
                reader.Skip(wire);
                continue;
            }

            switch (field.Kind)
            {
                case ProtoFieldKind.StringMap or ProtoFieldKind.BytesMap:
                    var entry = new ProtoReader(reader.ReadBytes());
                    string key = string.Empty;
                    JsonNode? value = null;
                    while (entry.TryReadTag(out var entryField, out var entryWire))
                    {
                        if (entryField == 1) { key = entry.ReadString(); }
                        else if (entryField == 2) { value = field.Kind == ProtoFieldKind.StringMap ? entry.ReadString() : Convert.ToBase64String(entry.ReadBytes()); }
                        else { entry.Skip(entryWire); }
                    }

                    var map = obj[field.JsonName] as JsonObject ?? [];
                    map[key] = value ?? string.Empty;
                    obj[field.JsonName] = map;
                    continue;
            }

            JsonNode? decoded = field.Kind switch
            {
                ProtoFieldKind.String => reader.ReadString(),
                ProtoFieldKind.Bytes => Convert.ToBase64String(reader.ReadBytes()),
                ProtoFieldKind.Int64 => (long)reader.ReadVarint(),
                ProtoFieldKind.Bool => reader.ReadVarint() != 0,
                ProtoFieldKind.Message => DecodeMessage(new ProtoReader(reader.ReadBytes()), field.Message!),
                ProtoFieldKind.Time => DecodeTime(new ProtoReader(reader.ReadBytes())),
                _ => null,
            };
            if (field.Repeated)
            {
                var list = obj[field.JsonName] as JsonArray ?? [];
                list.Add(decoded);
                obj[field.JsonName] = list;
            }
            else if (decoded is not JsonValue { } text || text.GetValueKind() != System.Text.Json.JsonValueKind.String || text.GetValue<string>().Length > 0)
            {
                // Empty strings are proto3's "unset": JSON leaves them out.
                obj[field.JsonName] = decoded;
            }
        }

        return obj;
    }

    private static JsonNode? DecodeTime(ProtoReader reader)
    {
        long seconds = 0;
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1) { seconds = (long)reader.ReadVarint(); }
            else { reader.Skip(wire); }
        }

        if (seconds < MinUnixSeconds || seconds > MaxUnixSeconds)
        {
            throw ApiErrors.BadRequest($"protobuf body is malformed: the time {seconds} seconds after 1970 is out of range");
        }

        return seconds == 0 ? null : ObjectMeta.Timestamp(DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    /// <summary>A forward-only reader of protobuf wire format.</summary>
    private sealed class ProtoReader(byte[] data)
    {
        private int _position;

        public bool TryReadTag(out int field, out int wire)
        {
            if (_position >= data.Length)
            {
                field = wire = 0;
                return false;
            }

            var tag = ReadVarint();
            field = (int)(tag >> 3);
            wire = (int)(tag & 7);
            return true;
        }

        public ulong ReadVarint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                Need(1);
                var b = data[_position++];
                result |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }

            throw ApiErrors.BadRequest("malformed protobuf varint");
        }

        public byte[] ReadBytes()
        {
            var length = ReadVarint();
            if (length > (ulong)(data.Length - _position))
            {
                throw Truncated();
            }

            var bytes = data.AsSpan(_position, (int)length).ToArray();
            _position += (int)length;
            return bytes;
        }

        public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: ReadVarint(); break;
                case 1: Need(8); _position += 8; break;
                case 2: ReadBytes(); break;
                case 5: Need(4); _position += 4; break;
                default: throw ApiErrors.BadRequest($"unsupported protobuf wire type {wire}");
            }
        }

        private void Need(int count)
        {
            if (data.Length - _position < count)
            {
                throw Truncated();
            }
        }

        private ApiException Truncated() =>
            ApiErrors.BadRequest($"protobuf body is malformed: unexpected EOF at byte {_position} of a {data.Length}-byte message");
    }
}
