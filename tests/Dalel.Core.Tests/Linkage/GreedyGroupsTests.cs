using Dalel.Core.Linkage;

namespace Dalel.Core.Tests.Linkage;

public sealed class GreedyGroupsTests
{
    [Fact]
    public void Among_pairs_of_equal_probability_the_closer_one_is_linked_not_the_first_in_record_order()
    {
        // Record 0 on list A; records 1 and 2 on list B, both at the same probability (one pattern of levels), record 2
        // the closer copy — as a true duplicate is against a decoy made of other records' fields.
        List<(int A, int B, double Similarity)> candidates = [(0, 1, 0.9), (0, 2, 0.9)];
        int[] lists = [0, 1, 1];

        var byOrder = GreedyGroups.FromCandidates(3, i => lists[i], candidates).Single();
        var byCloseness = GreedyGroups.FromCandidates(3, i => lists[i], candidates, [2.6, 3.9]).Single();

        Assert.Equal([0, 1], byOrder.Members.Order());
        Assert.Equal([0, 2], byCloseness.Members.Order());
    }
}
