using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>The estimated cost of one call and, for calls that build strings or lists, the size of the result.</summary>
internal readonly record struct CallEstimate(CostEstimate Cost, SizeEstimate? ResultSize = null);

/// <summary>
/// The call costs Kubernetes adds for its CEL libraries (k8s.io/apiserver/pkg/cel/library/cost.go, EstimateCallCost,
/// v0.32) and those cel-go's sets extension registers (ext/sets.go). Null means "no estimate here": the cost
/// estimator then applies cel-go's own rules. As in Kubernetes, an unknown size here is 0 to 2^64-1, without the
/// scalar shortcut the core estimator has.
/// </summary>
internal sealed class KubernetesCallCosts(ISizeEstimator sizes)
{
    private const double StringTraversalCostFactor = 0.1;
    private const double RegexStringLengthCostFactor = 0.25;
    private const ulong ListCreateBaseCost = 10;
    private const ulong StructCreateBaseCost = 40;
    private const double MaxNameFormatRegexSize = 128;
    private const ulong MaxFormatSize = 64;

    /// <summary>cel-go's sets library: the product of both list sizes, times 1 (contains, intersects) or 2 (equivalent), plus 1.</summary>
    public CallEstimate? EstimateOverload(string overloadId, IReadOnlyList<CostNode> args)
    {
        var factor = overloadId switch
        {
            "list_sets_contains_list" or "list_sets_intersects_list" => 1.0,
            "list_sets_equivalent_list" => 2.0,
            _ => 0,
        };
        if (factor == 0 || args.Count != 2)
        {
            return null;
        }

        return new CallEstimate(Size(args[0]).Multiply(Size(args[1])).MultiplyByCostFactor(factor).Add(CostEstimate.One));
    }

    public CallEstimate? Estimate(string function, string overloadId, CostNode? target, IReadOnlyList<CostNode> args)
    {
        switch (function)
        {
            case "check":
                return Fixed(350_000);
            case "serviceAccount" or "path" or "group" or "resource" or "subresource" or "namespace" or "name" or "allowed" or "reason" or "error" or "errored":
                return Fixed(1);
            case "fieldSelector" or "labelSelector" when args.Count == 1:
                return new CallEstimate(SelectorCost(Size(args[0])));
            case "isSorted" or "sum" or "max" or "min" or "indexOf" or "lastIndexOf" when target is not null:
                return new CallEstimate(ListOrStringTraversal(target));
            case "url" when args.Count == 1:
                var urlSize = Size(args[0]);
                return new CallEstimate(urlSize.MultiplyByCostFactor(StringTraversalCostFactor), urlSize);
            case "lowerAscii" or "upperAscii" or "substring" or "trim" when target is not null:
                var size = Size(target);
                return new CallEstimate(size.MultiplyByCostFactor(StringTraversalCostFactor), size);
            case "replace" when target is not null && args.Count >= 2:
                return Replace(Size(target), Size(args[0]), Size(args[1]));
            case "split" when target is not null:
                return Split(Size(target), args);
            case "join" when target is not null:
                return Join(target, args);
            case "find" or "findAll" when target is not null && args.Count >= 1:
                var text = Size(target);
                var strCost = text.Add(SizeEstimate.One).MultiplyByCostFactor(StringTraversalCostFactor);
                var regexCost = Size(args[0]).MultiplyByCostFactor(RegexStringLengthCostFactor);
                return new CallEstimate(strCost.Multiply(regexCost), new SizeEstimate(0, text.Max));
            case "cidr" or "isIP" or "isCIDR" or "quantity" or "isQuantity" when args.Count >= 1:
                return new CallEstimate(Size(args[0]).MultiplyByCostFactor(StringTraversalCostFactor));
            case "ip":
                return args.Count >= 1 && overloadId != "cidr_ip"
                    ? new CallEstimate(Size(args[0]).MultiplyByCostFactor(StringTraversalCostFactor))
                    : Fixed(1);
            case "ip.isCanonical" when args.Count >= 1:
                return new CallEstimate(Size(args[0]).MultiplyByCostFactor(2 * StringTraversalCostFactor));
            case "masked" or "prefixLength" or "family" or "isUnspecified" or "isLoopback" or "isLinkLocalMulticast" or "isLinkLocalUnicast" or "isGlobalUnicast":
                return Fixed(1);
            case "containsIP" when args.Count >= 1:
                return new CallEstimate(AddressComparison(overloadId == "cidr_contains_ip_string" ? args[0] : null, extraMaskingCost: false));
            case "containsCIDR" when args.Count >= 1:
                return new CallEstimate(AddressComparison(overloadId == "cidr_contains_cidr_string" ? args[0] : null, extraMaskingCost: true));
            case "validate" when args.Count >= 1:
                return new CallEstimate(Size(args[0]).MultiplyByCostFactor(StringTraversalCostFactor)
                    .MultiplyByCostFactor(MaxNameFormatRegexSize * RegexStringLengthCostFactor));
            case "format.named":
                return Fixed(1);
            case "sign" or "asInteger" or "isInteger" or "asApproximateFloat" or "isGreaterThan" or "isLessThan" or "compareTo" or "add" or "sub":
                return Fixed(1);
            case "getScheme" or "getHostname" or "getHost" or "getPort" or "getEscapedPath" or "getQuery":
                return Fixed(1);
            case "_==_" when args.Count == 2:
                return Equality(args[0], args[1]);
            default:
                return null;
        }
    }

    private static CallEstimate Fixed(ulong cost) => new(new CostEstimate(cost, cost));

    private SizeEstimate Size(CostNode node) => node.ComputedSize ?? sizes.EstimateSize(node) ?? SizeEstimate.Unknown;

    // A selector is a list of requirements; two characters of selector make at most one requirement.
    private static CostEstimate SelectorCost(SizeEstimate length)
    {
        var parse = length.MultiplyByCostFactor(StringTraversalCostFactor);
        var requirements = length.MultiplyByCostFactor(0.5);
        var requirementCost = requirements.MultiplyByCostFactor(ListCreateBaseCost + StructCreateBaseCost);
        return new CostEstimate(ListCreateBaseCost, ListCreateBaseCost).Add(parse).Add(requirementCost);
    }

    // One comparison per element, plus a traversal of each string or bytes element; on a string, one traversal.
    private CostEstimate ListOrStringTraversal(CostNode target)
    {
        if (ElementNode(target) is { } element)
        {
            var elementCost = CostEstimate.One;
            if (element.Type.Kind is CelTypeKind.String or CelTypeKind.Bytes)
            {
                elementCost = elementCost.Add(Size(element).MultiplyByCostFactor(StringTraversalCostFactor));
            }

            return Size(target).MultiplyByCost(elementCost);
        }

        return Size(target).MultiplyByCostFactor(StringTraversalCostFactor);
    }

    // Kubernetes' listElementNode: any type with parameters (lists, and maps by their key) has an element node.
    private static CostNode? ElementNode(CostNode list)
    {
        if (list.Type.Parameters.Count == 0)
        {
            return null;
        }

        var path = list.Path is { } p ? [.. p, "@items"] : (IReadOnlyList<string>?)null;
        return new CostNode(path, list.Type.Parameters[0], null, null);
    }

    private static CallEstimate Replace(SizeEstimate size, SizeEstimate toReplace, SizeEstimate replaceWith)
    {
        // The longest result replaces the shortest matches with the longest replacement; the shortest, the reverse.
        var (maxCount, maxRetained) = Replacements(size.Max, toReplace.Min, replaceWith.Max <= toReplace.Min);
        var (minCount, minRetained) = Replacements(size.Min, toReplace.Max, toReplace.Max <= replaceWith.Min);
        var result = new SizeEstimate(minCount, maxCount).Multiply(replaceWith).Add(new SizeEstimate(minRetained, maxRetained));
        return new CallEstimate(size.MultiplyByCostFactor(2 * StringTraversalCostFactor), result);
    }

    // How many replacements, and how much of the original is kept, for a string of this size and a match of this
    // size: an empty match surrounds every character; a replacement that changes nothing in the bound's direction
    // keeps the string as it is.
    private static (ulong Count, ulong Retained) Replacements(ulong size, ulong matched, bool keepsLength)
    {
        if (matched == 0)
        {
            return (size < ulong.MaxValue ? size + 1 : size, size);
        }

        return keepsLength ? (0, size) : ((ulong)Math.Ceiling((double)size / matched), 0);
    }

    private static CallEstimate Split(SizeEstimate size, IReadOnlyList<CostNode> args)
    {
        // At worst every character is an element; a literal limit caps the count (a negative one reads as huge, as in Go).
        var max = size.Max;
        if (args.Count > 1 && args[1].Expr is Syntax.CelLiteral { Value: long limit })
        {
            max = unchecked((ulong)limit);
        }

        return new CallEstimate(size.MultiplyByCostFactor(2 * StringTraversalCostFactor), new SizeEstimate(0, max));
    }

    private CallEstimate Join(CostNode target, IReadOnlyList<CostNode> args)
    {
        var listSize = Size(target);
        var size = new SizeEstimate(0, 0);
        if (ElementNode(target) is { } element)
        {
            size = listSize.Multiply(Size(element));
        }

        if (args.Count > 0)
        {
            var separator = Size(args[0]);
            var separators = new SizeEstimate(listSize.Min > 0 ? listSize.Min - 1 : 0, listSize.Max > 0 ? listSize.Max - 1 : 0);
            size = size.Add(separator.Multiply(separators));
        }

        return new CallEstimate(size.MultiplyByCostFactor(StringTraversalCostFactor), size);
    }

    // Comparing two addresses of 4 or 16 bytes; containsCIDR masks and compares prefix bits too; a string argument is parsed.
    private CostEstimate AddressComparison(CostNode? parsedArgument, bool extraMaskingCost)
    {
        var addressBytes = new SizeEstimate(4, 16);
        var cost = addressBytes.Add(addressBytes).MultiplyByCostFactor(StringTraversalCostFactor);
        if (extraMaskingCost)
        {
            cost = cost.Add(addressBytes.MultiplyByCostFactor(StringTraversalCostFactor)).Add(CostEstimate.One);
        }

        if (parsedArgument is not null)
        {
            cost = cost.Add(Size(parsedArgument).AsCost().MultiplyByCostFactor(StringTraversalCostFactor));
        }

        return cost;
    }

    private static CallEstimate? Equality(CostNode left, CostNode right)
    {
        if (!left.Type.Equals(right.Type) || left.Type.Kind != CelTypeKind.Opaque)
        {
            return null;
        }

        switch (left.Type.Name)
        {
            case "net.IP" or "net.CIDR" or "kubernetes.Quantity" or "kubernetes.Semver":
            case var name when name.StartsWith("kubernetes.authorization.", StringComparison.Ordinal):
                return Fixed(1);
            case "kubernetes.NamedFormat":
                return new CallEstimate(new CostEstimate(1, MaxFormatSize).MultiplyByCostFactor(StringTraversalCostFactor));
            case "kubernetes.URL":
                // As Kubernetes: both sizes are read from the right operand.
                var size = right.ComputedSize is { } computed ? computed : SizeEstimate.One;
                return new CallEstimate(new CostEstimate(1, size.Max).MultiplyByCostFactor(StringTraversalCostFactor));
            default:
                return null;
        }
    }
}
