using System.Net;

namespace TenantOperator.Api.Validation;

/// <summary>Checks one peer of a rule: that it names something, that its fields combine legally, and its CIDRs.</summary>
internal static class PeerValidator
{
    public static void Validate(TenantPeer peer, FieldPath path, List<FieldError> errors)
    {
        var namespaceFields = (peer.NamespaceSelector is null ? 0 : 1) + (peer.Tenant is null ? 0 : 1) + (peer.Namespaces is null ? 0 : 1);
        if (peer.IpBlock is null && peer.PodSelector is null && namespaceFields == 0)
        {
            errors.Add(FieldError.Required(path, "must specify a peer"));
            return;
        }

        if (peer.IpBlock is not null && (peer.PodSelector is not null || namespaceFields > 0))
        {
            errors.Add(FieldError.Forbidden(path.Child("ipBlock"), "may not be specified with other peer fields"));
        }

        if (namespaceFields > 1)
        {
            errors.Add(FieldError.Forbidden(path, "at most one of namespaceSelector, tenant and namespaces may be set"));
        }

        LabelSelectorValidator.Validate(peer.PodSelector, path.Child("podSelector"), errors);
        LabelSelectorValidator.Validate(peer.NamespaceSelector, path.Child("namespaceSelector"), errors);
        if (peer.IpBlock is { } block)
        {
            ValidateIPBlock(block, path.Child("ipBlock"), errors);
        }
    }

    private static void ValidateIPBlock(IPBlock block, FieldPath path, List<FieldError> errors)
    {
        if (block.Cidr.Length == 0)
        {
            // An absent cidr is reported by the schema (required); an empty one passes it, but not the API server.
            errors.Add(FieldError.Required(path.Child("cidr")));
            return;
        }

        IPNetwork? cidr = null;
        if (CidrParser.TryParse(block.Cidr, out var parsed, out var error))
        {
            cidr = parsed;
        }
        else
        {
            errors.Add(FieldError.Invalid(path.Child("cidr"), block.Cidr, error));
        }

        var excepts = block.Except ?? [];
        for (var i = 0; i < excepts.Count; i++)
        {
            var exceptPath = path.Child("except").Index(i);
            if (!CidrParser.TryParse(excepts[i], out var except, out error))
            {
                errors.Add(FieldError.Invalid(exceptPath, excepts[i], error));
            }
            else if (cidr is { } outer && !CidrParser.Contains(outer, except))
            {
                errors.Add(FieldError.Invalid(exceptPath, excepts[i], $"must be inside cidr {block.Cidr}"));
            }
            else if (cidr is { } whole && except.PrefixLength == whole.PrefixLength)
            {
                // Kubernetes' ValidateIPBlock: an except must be a strict subset; one equal to cidr would leave nothing.
                errors.Add(FieldError.Invalid(exceptPath, excepts[i], $"must be a strict subset of cidr {block.Cidr}"));
            }
        }
    }
}
