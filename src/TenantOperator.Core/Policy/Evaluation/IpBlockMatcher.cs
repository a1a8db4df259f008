namespace TenantOperator.Policy.Evaluation;

/// <summary>A compiled <c>ipBlock</c> peer: addresses inside <c>cidr</c> and outside every <c>except</c> block.</summary>
internal sealed class IpBlockMatcher(IpCidr cidr, IpCidr[] except)
{
    public IpCidr Cidr { get; } = cidr;

    public IpCidr[] Except { get; } = except;

    public bool Matches(IpAddressValue address)
    {
        if (!Cidr.Contains(address))
        {
            return false;
        }

        foreach (var block in Except)
        {
            if (block.Contains(address))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() =>
        Except.Length == 0 ? Cidr.ToString() : $"{Cidr} except {string.Join(", ", Except)}";
}
