namespace Dalel.Core.Linkage;

/// <summary>
/// What a result file must hold before it is stored: the review, the overlap tables and the drawn linkages all rely on
/// it, and a file edited by hand or made by another tool could otherwise break them for every member organisation.
/// </summary>
internal static class CheckLinkageResult
{
    public static Invalid? Problems(LinkageResult result)
    {
        var lists = result.Lists.Select(l => l.List).ToHashSet();
        if (result.Lists.Count == 0 || lists.Count != result.Lists.Count || result.Lists.Any(l => l.Records < 0)
            || !(result.Threshold is >= 0 and <= 1))
        {
            return Invalid.One("file", "error.linkage_result_lists");
        }

        var grouped = new HashSet<(Guid, Guid)>();
        for (var g = 0; g < result.Clusters.Count; g++)
        {
            var members = result.Clusters[g].Members;
            if (members.Count < 2 || members.Any(m => !lists.Contains(m.List)) || members.Select(m => m.List).Distinct().Count() != members.Count
                || !members.All(m => grouped.Add((m.List, m.Pseudonym))) || !(result.Clusters[g].Similarity is >= 0 and <= 1))
            {
                return Invalid.One("file", "error.linkage_result_group", g.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        for (var p = 0; p < result.Pairs.Count; p++)
        {
            var pair = result.Pairs[p];
            if (!lists.Contains(pair.A.List) || !lists.Contains(pair.B.List) || pair.A.List == pair.B.List || !(pair.Probability is >= 0 and <= 1))
            {
                return Invalid.One("file", "error.linkage_result_pair", p.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (result.Model?.ByListPair.Any(m => m.First < 0 || m.Second <= m.First || m.Second >= result.Lists.Count) == true)
        {
            return Invalid.One("file", "error.linkage_result_lists");
        }

        return null;
    }
}
