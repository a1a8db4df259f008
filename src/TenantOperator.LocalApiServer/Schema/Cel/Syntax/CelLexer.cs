using System.Globalization;
using System.Text;

namespace TenantOperator.LocalApiServer.Schema.Cel.Syntax;

internal enum CelTokenKind
{
    End,
    Identifier,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    True,
    False,
    Null,
    In,
    Punctuation,
}

/// <summary>One token; <see cref="Text"/> is the punctuation or identifier, <see cref="Value"/> a literal's value.</summary>
internal readonly record struct CelToken(CelTokenKind Kind, string Text, object? Value, int Offset)
{
    public bool Is(string punctuation) => Kind == CelTokenKind.Punctuation && Text == punctuation;
}

/// <summary>
/// Splits a CEL expression into tokens following the lexer rules of cel-go's CEL.g4: identifiers, the keywords
/// <c>true false null in</c>, decimal/hex integers, <c>u</c>-suffixed unsigned integers, floats, quoted, raw and
/// triple-quoted strings and bytes with their escapes, <c>//</c> comments.
/// </summary>
internal static class CelLexer
{
    private static readonly string[] Punctuations =
        ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "[", "]", "{", "}", "(", ")", ".", ",", "-", "!", "?", ":", "+", "*", "/", "%"];

    public static List<CelToken> Tokenize(string source)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (true)
        {
            i = SkipSpaceAndComments(source, i);
            if (i >= source.Length)
            {
                tokens.Add(new CelToken(CelTokenKind.End, "", null, source.Length));
                return tokens;
            }

            var c = source[i];
            if (IsStringStart(source, i, out var prefixLength, out var raw, out var bytes))
            {
                tokens.Add(ReadString(source, i, prefixLength, raw, bytes, out i));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < source.Length && char.IsAsciiDigit(source[i + 1])))
            {
                tokens.Add(ReadNumber(source, i, out i));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < source.Length && (char.IsAsciiLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }

                var word = source[start..i];
                tokens.Add(word switch
                {
                    "true" => new CelToken(CelTokenKind.True, word, true, start),
                    "false" => new CelToken(CelTokenKind.False, word, false, start),
                    "null" => new CelToken(CelTokenKind.Null, word, null, start),
                    "in" => new CelToken(CelTokenKind.In, word, null, start),
                    _ => new CelToken(CelTokenKind.Identifier, word, null, start),
                });
            }
            else
            {
                var punctuation = Punctuations.FirstOrDefault(p => string.CompareOrdinal(source, i, p, 0, p.Length) == 0)
                    ?? throw new CelSyntaxException(i, $"token recognition error at: '{c}'");
                tokens.Add(new CelToken(CelTokenKind.Punctuation, punctuation, null, i));
                i += punctuation.Length;
            }
        }
    }

    private static int SkipSpaceAndComments(string source, int i)
    {
        while (i < source.Length)
        {
            if (source[i] is ' ' or '\t' or '\r' or '\n' or '\f')
            {
                i++;
            }
            else if (source[i] == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }
            }
            else
            {
                break;
            }
        }

        return i;
    }

    // A string or bytes literal, possibly prefixed by r/R (raw) and b/B (bytes), in either order.
    private static bool IsStringStart(string source, int i, out int prefixLength, out bool raw, out bool bytes)
    {
        raw = false;
        bytes = false;
        prefixLength = 0;
        var j = i;
        while (j < source.Length && j - i < 2 && source[j] is 'r' or 'R' or 'b' or 'B')
        {
            if (source[j] is 'r' or 'R')
            {
                if (raw)
                {
                    return false;
                }

                raw = true;
            }
            else
            {
                if (bytes)
                {
                    return false;
                }

                bytes = true;
            }

            j++;
        }

        prefixLength = j - i;
        return j < source.Length && source[j] is '"' or '\'';
    }

    private static CelToken ReadString(string source, int start, int prefixLength, bool raw, bool bytes, out int end)
    {
        var i = start + prefixLength;
        var quote = source[i];
        var triple = i + 2 < source.Length && source[i + 1] == quote && source[i + 2] == quote;
        var delimiter = triple ? new string(quote, 3) : quote.ToString();
        i += delimiter.Length;
        var bodyStart = i;
        while (true)
        {
            if (i >= source.Length || (!triple && source[i] is '\n' or '\r'))
            {
                throw new CelSyntaxException(start, "token recognition error: unterminated string literal");
            }

            if (source[i] == '\\' && !raw)
            {
                i += 2;
                continue;
            }

            if (string.CompareOrdinal(source, i, delimiter, 0, delimiter.Length) == 0)
            {
                break;
            }

            i++;
        }

        var body = source[bodyStart..i];
        end = i + delimiter.Length;
        var decoded = raw ? Encoding.UTF8.GetBytes(body) : Unescape(body, bytes, start);
        return bytes
            ? new CelToken(CelTokenKind.Bytes, source[start..end], decoded, start)
            : new CelToken(CelTokenKind.String, source[start..end], Encoding.UTF8.GetString(decoded), start);
    }

    // Escapes as cel-go's parser/unescape.go reads them; strings become UTF-8, so both kinds share one decoder.
    private static byte[] Unescape(string body, bool isBytes, int offset)
    {
        var output = new List<byte>(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            if (body[i] != '\\')
            {
                var rune = Rune.GetRuneAt(body, i);
                AppendRune(output, rune.Value);
                i += rune.Utf16SequenceLength;
                continue;
            }

            if (i + 1 >= body.Length)
            {
                throw new CelSyntaxException(offset, "unable to unescape string");
            }

            var e = body[i + 1];
            i += 2;
            switch (e)
            {
                case 'a': output.Add(7); break;
                case 'b': output.Add(8); break;
                case 'f': output.Add(12); break;
                case 'n': output.Add(10); break;
                case 'r': output.Add(13); break;
                case 't': output.Add(9); break;
                case 'v': output.Add(11); break;
                case '\\' or '\'' or '"' or '`' or '?': output.Add((byte)e); break;
                case 'x' or 'X':
                    var hex = ReadHex(body, ref i, 2, offset);
                    if (isBytes)
                    {
                        output.Add((byte)hex);
                    }
                    else
                    {
                        AppendRune(output, hex);
                    }

                    break;
                case 'u':
                    AppendCodePoint(output, ReadHex(body, ref i, 4, offset), isBytes, offset);
                    break;
                case 'U':
                    AppendCodePoint(output, ReadHex(body, ref i, 8, offset), isBytes, offset);
                    break;
                case >= '0' and <= '3':
                    if (i + 1 >= body.Length || body[i] is < '0' or > '7' || body[i + 1] is < '0' or > '7')
                    {
                        throw new CelSyntaxException(offset, "unable to unescape octal sequence in string");
                    }

                    var octal = ((e - '0') * 64) + ((body[i] - '0') * 8) + (body[i + 1] - '0');
                    i += 2;
                    if (isBytes)
                    {
                        output.Add((byte)octal);
                    }
                    else
                    {
                        AppendRune(output, octal);
                    }

                    break;
                default:
                    throw new CelSyntaxException(offset, "unable to unescape string");
            }
        }

        return [.. output];
    }

    private static void AppendCodePoint(List<byte> output, int codePoint, bool isBytes, int offset)
    {
        if (isBytes || !Rune.IsValid(codePoint))
        {
            throw new CelSyntaxException(offset, "unable to unescape string");
        }

        AppendRune(output, codePoint);
    }

    private static int ReadHex(string body, ref int i, int digits, int offset)
    {
        if (i + digits > body.Length || !int.TryParse(body.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new CelSyntaxException(offset, "unable to unescape string");
        }

        i += digits;
        return value;
    }

    private static void AppendRune(List<byte> output, int codePoint)
    {
        Span<byte> buffer = stackalloc byte[4];
        var length = new Rune(codePoint).EncodeToUtf8(buffer);
        for (var k = 0; k < length; k++)
        {
            output.Add(buffer[k]);
        }
    }

    private static CelToken ReadNumber(string source, int start, out int end)
    {
        var i = start;
        if (source[i] == '0' && i + 1 < source.Length && source[i + 1] is 'x' or 'X')
        {
            i += 2;
            var hexStart = i;
            while (i < source.Length && char.IsAsciiHexDigit(source[i]))
            {
                i++;
            }

            if (i == hexStart)
            {
                throw new CelSyntaxException(start, "token recognition error: hexadecimal literal without digits");
            }

            var digits = source[hexStart..i];
            return IntegerToken(source, start, digits, NumberStyles.AllowHexSpecifier, ref i, out end);
        }

        while (i < source.Length && char.IsAsciiDigit(source[i]))
        {
            i++;
        }

        var isFloat = false;
        if (i + 1 < source.Length && source[i] == '.' && char.IsAsciiDigit(source[i + 1]))
        {
            isFloat = true;
            i++;
            while (i < source.Length && char.IsAsciiDigit(source[i]))
            {
                i++;
            }
        }

        if (i < source.Length && source[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < source.Length && source[j] is '+' or '-')
            {
                j++;
            }

            if (j < source.Length && char.IsAsciiDigit(source[j]))
            {
                isFloat = true;
                i = j;
                while (i < source.Length && char.IsAsciiDigit(source[i]))
                {
                    i++;
                }
            }
        }

        if (isFloat)
        {
            end = i;
            var text = source[start..i];
            return new CelToken(CelTokenKind.Double, text, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), start);
        }

        return IntegerToken(source, start, source[start..i], NumberStyles.None, ref i, out end);
    }

    private static CelToken IntegerToken(string source, int start, string digits, NumberStyles style, ref int i, out int end)
    {
        if (i < source.Length && source[i] is 'u' or 'U')
        {
            i++;
            end = i;
            return ulong.TryParse(digits, style, CultureInfo.InvariantCulture, out var unsigned)
                ? new CelToken(CelTokenKind.Uint, source[start..end], unsigned, start)
                : throw new CelSyntaxException(start, "invalid uint literal");
        }

        end = i;
        // The magnitude is kept as ulong: -9223372036854775808 is only valid with its sign, which the parser applies.
        return ulong.TryParse(digits, style, CultureInfo.InvariantCulture, out var magnitude)
            ? new CelToken(CelTokenKind.Int, source[start..end], magnitude, start)
            : throw new CelSyntaxException(start, "invalid int literal");
    }
}
