namespace TenantOperator.LocalApiServer.Schema.Cel.Syntax;

/// <summary>
/// Parses CEL into <see cref="CelExpr"/> trees following cel-go's grammar (parser/gen/CEL.g4): the precedence of
/// <c>?:</c>, <c>||</c>, <c>&amp;&amp;</c>, relations, additive and multiplicative operators, unary <c>!</c> and
/// <c>-</c>, member selection, calls and indexing, list/map/message literals and the optional syntax (<c>.?</c>,
/// <c>[?</c>, <c>?elem</c>). The standard macros are expanded as cel-go expands them (parser/macro.go), because the
/// checker and the cost estimator see the expansion: <c>has</c> becomes a presence test, <c>all</c>, <c>exists</c>,
/// <c>exists_one</c>, <c>map</c> and <c>filter</c> become comprehensions over <c>__result__</c>, and with the
/// optional library <c>optMap</c>/<c>optFlatMap</c> too. Syntax errors the Cel package reports first (with cel-go's
/// texts); this parser exists for type checking and cost estimation.
/// </summary>
internal sealed class CelParser
{
    private static readonly HashSet<string> ReservedIdentifiers = new(StringComparer.Ordinal)
    {
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    };

    private readonly List<CelToken> _tokens;
    private readonly bool _optionalSyntax;
    private int _position;
    private int _nextId = 1;

    private CelParser(string source, bool optionalSyntax)
    {
        _tokens = CelLexer.Tokenize(source);
        _optionalSyntax = optionalSyntax;
    }

    /// <summary>
    /// Parses <paramref name="source"/>; <paramref name="optionalSyntax"/> enables the optional library's syntax and
    /// macros (Kubernetes 1.28 and later). Throws <see cref="CelSyntaxException"/> on input it cannot read.
    /// </summary>
    public static CelExpr Parse(string source, bool optionalSyntax)
    {
        var parser = new CelParser(source, optionalSyntax);
        var expr = parser.ParseExpr();
        if (parser.Current.Kind != CelTokenKind.End)
        {
            throw new CelSyntaxException(parser.Current.Offset, $"mismatched input '{parser.Current.Text}' expecting <EOF>");
        }

        return expr;
    }

    private CelToken Current => _tokens[_position];

    private CelToken Advance() => _tokens[_position++];

    private bool Accept(string punctuation)
    {
        if (!Current.Is(punctuation))
        {
            return false;
        }

        _position++;
        return true;
    }

    private CelToken Expect(string punctuation) =>
        Current.Is(punctuation) ? Advance() : throw new CelSyntaxException(Current.Offset, $"mismatched input '{Current.Text}' expecting '{punctuation}'");

    private int NextId() => _nextId++;

    private CelExpr ParseExpr()
    {
        var condition = ParseOr();
        if (!Current.Is("?"))
        {
            return condition;
        }

        var op = Advance();
        var ifTrue = ParseOr();
        Expect(":");
        var ifFalse = ParseExpr();
        return Call(op.Offset, CelOperators.Conditional, condition, ifTrue, ifFalse);
    }

    private CelExpr ParseOr() => ParseLogical("||", CelOperators.LogicalOr, ParseAnd);

    private CelExpr ParseAnd() => ParseLogical("&&", CelOperators.LogicalAnd, ParseRelation);

    // cel-go balances chains of || and && into a tree; the shape does not change cost, so a left fold is kept.
    private CelExpr ParseLogical(string token, string function, Func<CelExpr> operand)
    {
        var left = operand();
        while (Current.Is(token))
        {
            var op = Advance();
            left = Call(op.Offset, function, left, operand());
        }

        return left;
    }

    private CelExpr ParseRelation()
    {
        var left = ParseAdditive();
        while (true)
        {
            var token = Current;
            var function = token.Kind == CelTokenKind.In ? CelOperators.In : token.Kind == CelTokenKind.Punctuation ? token.Text switch
            {
                "<" => CelOperators.Less,
                "<=" => CelOperators.LessEquals,
                ">" => CelOperators.Greater,
                ">=" => CelOperators.GreaterEquals,
                "==" => CelOperators.Equal,
                "!=" => CelOperators.NotEquals,
                _ => null,
            } : null;
            if (function is null)
            {
                return left;
            }

            _position++;
            left = Call(token.Offset, function, left, ParseAdditive());
        }
    }

    private CelExpr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Is("+") || Current.Is("-"))
        {
            var op = Advance();
            left = Call(op.Offset, op.Text == "+" ? CelOperators.Add : CelOperators.Subtract, left, ParseMultiplicative());
        }

        return left;
    }

    private CelExpr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Is("*") || Current.Is("/") || Current.Is("%"))
        {
            var op = Advance();
            var function = op.Text switch { "*" => CelOperators.Multiply, "/" => CelOperators.Divide, _ => CelOperators.Modulo };
            left = Call(op.Offset, function, left, ParseUnary());
        }

        return left;
    }

    private CelExpr ParseUnary()
    {
        if (Current.Is("!"))
        {
            var offsets = new List<int>();
            while (Current.Is("!"))
            {
                offsets.Add(Advance().Offset);
            }

            var operand = ParseMember();
            // As cel-go: an even number of negations cancels out.
            return offsets.Count % 2 == 0 ? operand : Call(offsets[0], CelOperators.LogicalNot, operand);
        }

        if (Current.Is("-") && !IsNumber(_tokens[_position + 1].Kind))
        {
            var offsets = new List<int>();
            while (Current.Is("-") && !IsNumber(_tokens[_position + 1].Kind))
            {
                offsets.Add(Advance().Offset);
            }

            var operand = ParseMember();
            return offsets.Count % 2 == 0 ? operand : Call(offsets[0], CelOperators.Negate, operand);
        }

        return ParseMember();
    }

    private static bool IsNumber(CelTokenKind kind) => kind is CelTokenKind.Int or CelTokenKind.Double;

    private CelExpr ParseMember()
    {
        var expr = ParsePrimary();
        while (true)
        {
            if (Current.Is("."))
            {
                var dot = Advance();
                var optional = Current.Is("?") && _optionalSyntax;
                if (optional)
                {
                    _position++;
                }

                var name = ExpectIdentifier();
                if (!optional && Current.Is("("))
                {
                    var open = Advance();
                    var args = ParseArguments(")");
                    expr = ReceiverCallOrMacro(open.Offset, name.Text, expr, args);
                }
                else if (optional)
                {
                    expr = Call(dot.Offset, CelOperators.OptionalSelect, expr, new CelLiteral(NextId(), name.Offset, name.Text));
                }
                else
                {
                    expr = new CelSelect(NextId(), dot.Offset, expr, name.Text, testOnly: false);
                }
            }
            else if (Current.Is("["))
            {
                var open = Advance();
                var optional = Current.Is("?") && _optionalSyntax;
                if (optional)
                {
                    _position++;
                }

                var index = ParseExpr();
                Expect("]");
                expr = Call(open.Offset, optional ? CelOperators.OptionalIndex : CelOperators.Index, expr, index);
            }
            else
            {
                return expr;
            }
        }
    }

    private CelToken ExpectIdentifier() =>
        Current.Kind == CelTokenKind.Identifier ? Advance() : throw new CelSyntaxException(Current.Offset, $"mismatched input '{Current.Text}' expecting IDENTIFIER");

    private CelExpr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case CelTokenKind.Int or CelTokenKind.Uint or CelTokenKind.Double or CelTokenKind.String or CelTokenKind.Bytes
                or CelTokenKind.True or CelTokenKind.False or CelTokenKind.Null:
                _position++;
                return new CelLiteral(NextId(), token.Offset, token.Kind == CelTokenKind.Int ? SignedInt((ulong)token.Value!, negative: false, token.Offset) : token.Value);
            case CelTokenKind.Identifier:
                return ParseIdentifierOrCall(leadingDot: false);
        }

        if (token.Is("-") && IsNumber(_tokens[_position + 1].Kind))
        {
            _position++;
            var number = Advance();
            return new CelLiteral(NextId(), token.Offset, number.Kind == CelTokenKind.Int
                ? SignedInt((ulong)number.Value!, negative: true, token.Offset)
                : (object)(-(double)number.Value!));
        }

        if (token.Is("."))
        {
            _position++;
            return ParseIdentifierOrCall(leadingDot: true);
        }

        if (Accept("("))
        {
            var inner = ParseExpr();
            Expect(")");
            return inner;
        }

        if (token.Is("["))
        {
            _position++;
            return ParseList(token.Offset);
        }

        if (token.Is("{"))
        {
            _position++;
            return ParseMap(token.Offset);
        }

        throw new CelSyntaxException(token.Offset, token.Kind == CelTokenKind.End ? "mismatched input '<EOF>'" : $"extraneous input '{token.Text}'");
    }

    private static long SignedInt(ulong magnitude, bool negative, int offset)
    {
        if (negative)
        {
            return magnitude <= 9_223_372_036_854_775_808UL
                ? unchecked((long)(0UL - magnitude))
                : throw new CelSyntaxException(offset, "invalid int literal");
        }

        return magnitude <= long.MaxValue ? (long)magnitude : throw new CelSyntaxException(offset, "invalid int literal");
    }

    private CelExpr ParseIdentifierOrCall(bool leadingDot)
    {
        var id = ExpectIdentifier();
        var name = (leadingDot ? "." : "") + id.Text;
        if (Current.Is("{") || (Current.Is(".") && IsQualifiedMessageName()))
        {
            return ParseMessage(id.Offset, name);
        }

        if (ReservedIdentifiers.Contains(id.Text))
        {
            throw new CelSyntaxException(id.Offset, $"reserved identifier: {id.Text}");
        }

        if (!Current.Is("("))
        {
            return new CelIdent(NextId(), id.Offset, name);
        }

        var open = Advance();
        var args = ParseArguments(")");
        return GlobalCallOrMacro(open.Offset, name, args);
    }

    // a.b.C{...}: a dotted name directly followed by '{' is a message literal, not a selection.
    private bool IsQualifiedMessageName()
    {
        var i = _position;
        while (_tokens[i].Is(".") && _tokens[i + 1].Kind == CelTokenKind.Identifier)
        {
            i += 2;
        }

        return i > _position && _tokens[i].Is("{");
    }

    private CelExpr ParseMessage(int offset, string name)
    {
        while (Accept("."))
        {
            name += "." + ExpectIdentifier().Text;
        }

        var open = Expect("{");
        var fields = new List<CelStructField>();
        while (!Current.Is("}"))
        {
            var optional = _optionalSyntax && Accept("?");
            var field = ExpectIdentifier();
            Expect(":");
            fields.Add(new CelStructField(field.Text, ParseExpr(), optional));
            if (!Accept(","))
            {
                break;
            }
        }

        Expect("}");
        return new CelCreateStruct(NextId(), open.Offset, name, fields);
    }

    private List<CelExpr> ParseArguments(string close)
    {
        var args = new List<CelExpr>();
        if (Accept(close))
        {
            return args;
        }

        do
        {
            args.Add(ParseExpr());
        }
        while (Accept(","));
        Expect(close);
        return args;
    }

    private CelCreateList ParseList(int offset)
    {
        var elements = new List<CelExpr>();
        var optional = new List<int>();
        while (!Current.Is("]"))
        {
            if (_optionalSyntax && Accept("?"))
            {
                optional.Add(elements.Count);
            }

            elements.Add(ParseExpr());
            if (!Accept(","))
            {
                break;
            }
        }

        Expect("]");
        return new CelCreateList(NextId(), offset, elements, optional);
    }

    private CelCreateMap ParseMap(int offset)
    {
        var entries = new List<CelMapEntry>();
        while (!Current.Is("}"))
        {
            var optional = _optionalSyntax && Accept("?");
            var key = ParseExpr();
            Expect(":");
            entries.Add(new CelMapEntry(key, ParseExpr(), optional));
            if (!Accept(","))
            {
                break;
            }
        }

        Expect("}");
        return new CelCreateMap(NextId(), offset, entries);
    }

    private CelCall Call(int offset, string function, params CelExpr[] args) => new(NextId(), offset, function, null, args);

    private CelCall MemberCall(int offset, string function, CelExpr target, params CelExpr[] args) => new(NextId(), offset, function, target, args);

    private CelIdent Accumulator(int offset) => new(NextId(), offset, CelOperators.Accumulator);

    private CelLiteral Literal(int offset, object? value) => new(NextId(), offset, value);

    private CelExpr GlobalCallOrMacro(int offset, string name, List<CelExpr> args)
    {
        if (name == "has" && args.Count == 1)
        {
            return args[0] is CelSelect select
                ? new CelSelect(NextId(), offset, select.Operand, select.Field, testOnly: true)
                : throw new CelSyntaxException(args[0].Offset, "invalid argument to has() macro");
        }

        return new CelCall(NextId(), offset, name, null, args);
    }

    private CelExpr ReceiverCallOrMacro(int offset, string name, CelExpr target, List<CelExpr> args)
    {
        switch (name, args.Count)
        {
            case ("all", 2):
                return Quantifier(offset, target, args, QuantifierKind.All);
            case ("exists", 2):
                return Quantifier(offset, target, args, QuantifierKind.Exists);
            case ("exists_one", 2):
                return Quantifier(offset, target, args, QuantifierKind.ExistsOne);
            case ("map", 2 or 3):
                return MapMacro(offset, target, args);
            case ("filter", 2):
                return FilterMacro(offset, target, args);
            case ("optMap" or "optFlatMap", 2) when _optionalSyntax:
                return OptionalMapMacro(offset, target, args, flat: name == "optFlatMap");
            default:
                return new CelCall(NextId(), offset, name, target, args);
        }
    }

    private enum QuantifierKind
    {
        All,
        Exists,
        ExistsOne,
    }

    private static string IterVar(CelExpr arg, string error) =>
        arg is CelIdent ident ? ident.Name : throw new CelSyntaxException(arg.Offset, error);

    private CelComprehension Quantifier(int offset, CelExpr target, List<CelExpr> args, QuantifierKind kind)
    {
        var variable = IterVar(args[0], "argument must be a simple name");
        var predicate = args[1];
        CelExpr init, condition, step, result;
        switch (kind)
        {
            case QuantifierKind.All:
                init = Literal(offset, true);
                condition = Call(offset, CelOperators.NotStrictlyFalse, Accumulator(offset));
                step = Call(offset, CelOperators.LogicalAnd, Accumulator(offset), predicate);
                result = Accumulator(offset);
                break;
            case QuantifierKind.Exists:
                init = Literal(offset, false);
                condition = Call(offset, CelOperators.NotStrictlyFalse, Call(offset, CelOperators.LogicalNot, Accumulator(offset)));
                step = Call(offset, CelOperators.LogicalOr, Accumulator(offset), predicate);
                result = Accumulator(offset);
                break;
            default:
                init = Literal(offset, 0L);
                condition = Literal(offset, true);
                step = Call(offset, CelOperators.Conditional, predicate,
                    Call(offset, CelOperators.Add, Accumulator(offset), Literal(offset, 1L)), Accumulator(offset));
                result = Call(offset, CelOperators.Equal, Accumulator(offset), Literal(offset, 1L));
                break;
        }

        return new CelComprehension(NextId(), offset, target, variable, null, CelOperators.Accumulator, init, condition, step, result);
    }

    private CelComprehension MapMacro(int offset, CelExpr target, List<CelExpr> args)
    {
        var variable = IterVar(args[0], "argument is not an identifier");
        var transform = args[^1];
        CelExpr step = Call(offset, CelOperators.Add, Accumulator(offset), new CelCreateList(NextId(), offset, [transform], []));
        if (args.Count == 3)
        {
            step = Call(offset, CelOperators.Conditional, args[1], step, Accumulator(offset));
        }

        return new CelComprehension(NextId(), offset, target, variable, null, CelOperators.Accumulator,
            new CelCreateList(NextId(), offset, [], []), Literal(offset, true), step, Accumulator(offset));
    }

    private CelComprehension FilterMacro(int offset, CelExpr target, List<CelExpr> args)
    {
        var variable = IterVar(args[0], "argument is not an identifier");
        var element = new CelIdent(NextId(), args[0].Offset, variable);
        var step = Call(offset, CelOperators.Conditional, args[1],
            Call(offset, CelOperators.Add, Accumulator(offset), new CelCreateList(NextId(), offset, [element], [])), Accumulator(offset));
        return new CelComprehension(NextId(), offset, target, variable, null, CelOperators.Accumulator,
            new CelCreateList(NextId(), offset, [], []), Literal(offset, true), step, Accumulator(offset));
    }

    // cel-go's optMap/optFlatMap (cel/library.go): bind the optional's value to the variable with a comprehension
    // over an empty list, then evaluate the expression, wrapped in optional.of for optMap.
    private CelCall OptionalMapMacro(int offset, CelExpr target, List<CelExpr> args, bool flat)
    {
        var variable = IterVar(args[0], "optMap() variable name must be a simple identifier");
        CelExpr bound = new CelComprehension(NextId(), offset, new CelCreateList(NextId(), offset, [], []), "#unused", null, variable,
            MemberCall(offset, "value", target), Literal(offset, false), new CelIdent(NextId(), offset, variable), args[1]);
        if (!flat)
        {
            bound = Call(offset, "optional.of", bound);
        }

        return Call(offset, CelOperators.Conditional, MemberCall(offset, "hasValue", target), bound, Call(offset, "optional.none"));
    }
}
