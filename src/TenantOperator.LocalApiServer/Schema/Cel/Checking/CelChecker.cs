using TenantOperator.LocalApiServer.Schema.Cel.Syntax;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Checking;

/// <summary>
/// Type-checks a CEL expression against declared variables and an environment's functions, as far as cost estimation
/// and Kubernetes' environment rules need: it types every node (fields of schema objects, list elements, map values,
/// function results), resolves the overloads each call may take (all of those a <c>dyn</c> argument admits, as cel-go
/// does), resolves namespaced functions and qualified identifiers, and reports what cel-go's checker reports as
/// <c>undeclared reference to 'name' (in container '')</c>: a function, identifier or message type the environment
/// does not declare. Other type errors (an overload that does not fit, an undefined field) are not reported: the
/// node is typed <c>dyn</c> and checking goes on, so this never refuses an expression for a reason it might get wrong.
/// </summary>
internal sealed class CelChecker
{
    private readonly CelDeclarations _declarations;
    private readonly IReadOnlyDictionary<string, CelType> _variables;
    private readonly List<Dictionary<string, CelType>> _scopes = [];
    private readonly Dictionary<int, CelType> _types = [];
    private readonly Dictionary<int, IReadOnlyList<CelOverload>> _overloads = [];
    private readonly Dictionary<int, string> _namespacedCalls = [];
    private readonly Dictionary<int, string> _qualifiedIdentifiers = [];
    private readonly HashSet<string> _referenced = new(StringComparer.Ordinal);
    private readonly List<CelIssue> _issues = [];
    private int _freshTypes;

    private CelChecker(CelDeclarations declarations, IReadOnlyDictionary<string, CelType> variables)
    {
        _declarations = declarations;
        _variables = variables;
    }

    /// <summary>
    /// Parses and checks <paramref name="source"/>. Throws <see cref="CelSyntaxException"/> when it does not parse;
    /// undeclared references are in <see cref="CheckedExpression.Issues"/>.
    /// </summary>
    public static CheckedExpression Check(string source, CelDeclarations declarations, IReadOnlyDictionary<string, CelType> variables)
    {
        var root = CelParser.Parse(source, declarations.OptionalSyntax);
        var checker = new CelChecker(declarations, variables);
        checker.Visit(root);
        return new CheckedExpression(source, root, checker._types, checker._overloads, checker._namespacedCalls,
            checker._qualifiedIdentifiers, checker._referenced, checker._issues);
    }

    private CelType Visit(CelExpr expr)
    {
        var type = expr switch
        {
            CelLiteral literal => LiteralType(literal.Value),
            CelIdent ident => VisitIdent(ident),
            CelSelect select => VisitSelect(select),
            CelCall call => VisitCall(call),
            CelCreateList list => VisitList(list),
            CelCreateMap map => VisitMap(map),
            CelCreateStruct message => VisitStruct(message),
            CelComprehension comprehension => VisitComprehension(comprehension),
            _ => CelType.Dyn,
        };
        _types[expr.Id] = type;
        return type;
    }

    private static CelType LiteralType(object? value) => value switch
    {
        null => CelType.Null,
        bool => CelType.Bool,
        long => CelType.Int,
        ulong => CelType.Uint,
        double => CelType.Double,
        string => CelType.String,
        byte[] => CelType.Bytes,
        _ => CelType.Dyn,
    };

    private CelType VisitIdent(CelIdent ident)
    {
        if (LookupIdentifier(ident.Name) is { } type)
        {
            return type;
        }

        Undeclared(ident.Offset, ident.Name);
        return CelType.Dyn;
    }

    private CelType? LookupIdentifier(string name)
    {
        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            if (_scopes[i].TryGetValue(name, out var local))
            {
                return local;
            }
        }

        var unqualified = name.TrimStart('.');
        if (_variables.TryGetValue(unqualified, out var variable))
        {
            _referenced.Add(unqualified);
            return variable;
        }

        return CelDeclarations.TypeIdentifier(unqualified);
    }

    private CelType VisitSelect(CelSelect select)
    {
        // As cel-go: a selection chain that names a declared identifier (google.protobuf.Duration) is that identifier.
        if (!select.TestOnly && QualifiedName(select) is { } qualified && qualified.Contains('.', StringComparison.Ordinal)
            && LookupIdentifier(qualified) is { } identifier)
        {
            _qualifiedIdentifiers[select.Id] = qualified;
            return identifier;
        }

        var operand = Visit(select.Operand);
        return select.TestOnly ? CelType.Bool : FieldType(operand, select.Field);
    }

    private static CelType FieldType(CelType operand, string field) => operand.Kind switch
    {
        CelTypeKind.Object when operand.Declaration!.Fields.TryGetValue(field, out var declaration) => declaration.Type,
        CelTypeKind.Map => operand.Parameters[1],
        _ => CelType.Dyn,
    };

    private static string? QualifiedName(CelExpr expr) => expr switch
    {
        CelIdent ident => ident.Name,
        CelSelect { TestOnly: false } select when QualifiedName(select.Operand) is { } prefix => prefix + "." + select.Field,
        _ => null,
    };

    private CelType VisitCall(CelCall call)
    {
        if (call.Target is { } target && QualifiedName(target) is { } prefix
            && _declarations.Functions.TryGetValue(prefix.TrimStart('.') + "." + call.Function, out var namespaced))
        {
            _namespacedCalls[call.Id] = namespaced.Name;
            return Resolve(call, namespaced, isMember: false, [.. call.Args.Select(Visit)]);
        }

        if (call.Function == CelOperators.OptionalSelect && call.Args is [var operand, CelLiteral { Value: string field }]
            && _declarations.Functions.TryGetValue(call.Function, out var optionalSelect))
        {
            var fieldType = FieldType(Visit(operand), field);
            Visit(call.Args[1]);
            _overloads[call.Id] = optionalSelect.Overloads;
            return CelType.Optional(fieldType);
        }

        var argTypes = new List<CelType>();
        if (call.Target is not null)
        {
            argTypes.Add(Visit(call.Target));
        }

        argTypes.AddRange(call.Args.Select(Visit));
        if (!_declarations.Functions.TryGetValue(call.Function, out var function))
        {
            Undeclared(call.Offset, call.Function);
            return CelType.Dyn;
        }

        return Resolve(call, function, call.Target is not null, argTypes);
    }

    private CelType Resolve(CelCall call, CelFunction function, bool isMember, List<CelType> argTypes)
    {
        var sameShape = function.Overloads.Where(o => o.IsMember == isMember && o.Parameters.Count == argTypes.Count).ToList();
        var results = new List<CelType>();
        var matching = new List<CelOverload>();
        foreach (var overload in sameShape)
        {
            var bindings = new Dictionary<string, CelType>(StringComparer.Ordinal);
            if (overload.Parameters.Zip(argTypes).All(p => IsAssignable(p.First, p.Second, bindings)))
            {
                matching.Add(overload);
                results.Add(Substitute(overload.Result, bindings, 0));
            }
        }

        if (matching.Count == 0)
        {
            // A type error cel-go would report. Keep every overload of the right shape (or arity) so cost stays an upper bound.
            matching = sameShape.Count > 0 ? sameShape : [.. function.Overloads.Where(o => o.Parameters.Count == argTypes.Count)];
            results = [.. matching.Select(o => Substitute(o.Result, new Dictionary<string, CelType>(StringComparer.Ordinal), 0))];
        }

        _overloads[call.Id] = matching;
        return Join(results);
    }

    private CelType VisitList(CelCreateList list)
    {
        var elements = new List<CelType>();
        for (var i = 0; i < list.Elements.Count; i++)
        {
            var type = Visit(list.Elements[i]);
            elements.Add(list.OptionalIndices.Contains(i) && type.IsOptional ? type.Parameters[0] : type);
        }

        return CelType.List(elements.Count == 0 ? Fresh() : Join(elements));
    }

    private CelType VisitMap(CelCreateMap map)
    {
        var keys = new List<CelType>();
        var values = new List<CelType>();
        foreach (var entry in map.Entries)
        {
            keys.Add(Visit(entry.Key));
            var value = Visit(entry.Value);
            values.Add(entry.Optional && value.IsOptional ? value.Parameters[0] : value);
        }

        return map.Entries.Count == 0 ? CelType.Map(Fresh(), Fresh()) : CelType.Map(Join(keys), Join(values));
    }

    private CelType VisitStruct(CelCreateStruct message)
    {
        // Kubernetes declares no message types for CEL rules to build.
        Undeclared(message.Offset, message.TypeName.TrimStart('.'));
        foreach (var field in message.Fields)
        {
            Visit(field.Value);
        }

        return CelType.Dyn;
    }

    private CelType VisitComprehension(CelComprehension comprehension)
    {
        var range = Visit(comprehension.IterRange);
        var (first, second) = range.Kind switch
        {
            CelTypeKind.List => comprehension.IterVar2 is null ? (range.Parameters[0], CelType.Dyn) : (CelType.Int, range.Parameters[0]),
            CelTypeKind.Map => (range.Parameters[0], range.Parameters[1]),
            _ => (CelType.Dyn, CelType.Dyn),
        };
        var accumulator = Visit(comprehension.AccuInit);
        var loop = new Dictionary<string, CelType>(StringComparer.Ordinal) { [comprehension.AccuVar] = accumulator, [comprehension.IterVar] = first };
        if (comprehension.IterVar2 is { } iterVar2)
        {
            loop[iterVar2] = second;
        }

        _scopes.Add(loop);
        Visit(comprehension.LoopCondition);
        var step = Visit(comprehension.LoopStep);
        if (HasFreshTypes(accumulator) && !HasFreshTypes(step) && step.Kind == accumulator.Kind)
        {
            // What cel-go's unification does for map() and filter(): the accumulator [] takes the step's element type.
            accumulator = step;
            loop[comprehension.AccuVar] = step;
            Visit(comprehension.LoopCondition);
            Visit(comprehension.LoopStep);
        }

        _scopes.RemoveAt(_scopes.Count - 1);
        _scopes.Add(new Dictionary<string, CelType>(StringComparer.Ordinal) { [comprehension.AccuVar] = accumulator });
        var result = Visit(comprehension.Result);
        _scopes.RemoveAt(_scopes.Count - 1);
        return result;
    }

    private void Undeclared(int offset, string name) =>
        _issues.Add(new CelIssue(offset, $"undeclared reference to '{name}' (in container '')"));

    private CelType Fresh() => CelType.Param("_" + (++_freshTypes).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static bool HasFreshTypes(CelType type) =>
        (type.Kind == CelTypeKind.TypeParam && type.Name.StartsWith('_')) || type.Parameters.Any(HasFreshTypes);

    // cel-go's isAssignable, leniently: dyn and unbound type parameters fit anything.
    private static bool IsAssignable(CelType parameter, CelType argument, Dictionary<string, CelType> bindings)
    {
        if (parameter.Kind == CelTypeKind.TypeParam)
        {
            if (argument.Kind == CelTypeKind.TypeParam && argument.Name == parameter.Name)
            {
                return true;
            }

            if (bindings.TryGetValue(parameter.Name, out var bound))
            {
                return IsAssignable(bound, argument, bindings) || IsAssignable(argument, bound, bindings);
            }

            bindings[parameter.Name] = argument;
            return true;
        }

        if (argument.Kind is CelTypeKind.Dyn or CelTypeKind.TypeParam || parameter.Kind == CelTypeKind.Dyn)
        {
            return true;
        }

        if (parameter.Kind != argument.Kind)
        {
            return argument.Kind == CelTypeKind.Null && parameter.Kind is CelTypeKind.Object or CelTypeKind.Opaque;
        }

        return parameter.Kind switch
        {
            CelTypeKind.List or CelTypeKind.Map or CelTypeKind.Type =>
                parameter.Parameters.Zip(argument.Parameters).All(p => IsAssignable(p.First, p.Second, bindings)),
            CelTypeKind.Opaque => parameter.Name == argument.Name && parameter.Parameters.Count == argument.Parameters.Count
                && parameter.Parameters.Zip(argument.Parameters).All(p => IsAssignable(p.First, p.Second, bindings)),
            CelTypeKind.Object => parameter.Declaration is null || argument.Declaration is null || ReferenceEquals(parameter.Declaration, argument.Declaration),
            _ => true,
        };
    }

    private static CelType Substitute(CelType type, Dictionary<string, CelType> bindings, int depth)
    {
        if (depth > 16)
        {
            return CelType.Dyn;
        }

        return type.Kind switch
        {
            CelTypeKind.TypeParam => bindings.TryGetValue(type.Name, out var bound) && !(bound.Kind == CelTypeKind.TypeParam && bound.Name == type.Name)
                ? Substitute(bound, bindings, depth + 1)
                : type,
            CelTypeKind.List => CelType.List(Substitute(type.Parameters[0], bindings, depth + 1)),
            CelTypeKind.Map => CelType.Map(Substitute(type.Parameters[0], bindings, depth + 1), Substitute(type.Parameters[1], bindings, depth + 1)),
            CelTypeKind.Type => CelType.TypeOf(Substitute(type.Parameters[0], bindings, depth + 1)),
            CelTypeKind.Opaque when type.Parameters.Count > 0 =>
                CelType.Opaque(type.Name, [.. type.Parameters.Select(p => Substitute(p, bindings, depth + 1))]),
            _ => type,
        };
    }

    // The common type of several (list elements, overload results): unbound parameters give way, a mix is dyn.
    private static CelType Join(IReadOnlyList<CelType> types)
    {
        var known = types.Where(t => !HasFreshTypes(t)).ToList();
        if (known.Count == 0)
        {
            return types.Count > 0 ? types[0] : CelType.Dyn;
        }

        return known.All(t => t.Equals(known[0])) ? known[0] : CelType.Dyn;
    }
}
