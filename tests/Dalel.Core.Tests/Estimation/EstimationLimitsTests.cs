using System.Text;
using Dalel.Core.Estimation;

namespace Dalel.Core.Tests.Estimation;

/// <summary>What a viewer could send to occupy the cores or crash an estimate (issue 20, finding 5).</summary>
public sealed class EstimationLimitsTests
{
    private static Result<IReadOnlyList<ListOverlaps>> Read(string csv) => OverlapsCsv.Read(new StringReader(csv));

    private static string Key(Result<IReadOnlyList<ListOverlaps>> read) => Assert.IsType<Invalid>(read.Error).Errors[0].MessageKey;

    [Fact]
    public void A_count_of_nine_quintillion_is_a_bad_row_not_a_crash()
    {
        Assert.Equal("error.overlaps_row", Key(Read("A,B,count\n1,0,9223372036854775807\n0,1,3\n")));
        Assert.Equal("error.overlaps_row", Key(Read("A,B,count\n1,0,99999999999999999999999\n")));
        Assert.Equal("error.overlaps_too_many", Key(Read("A,B,count\n1,0,600000\n0,1,600000\n")));
    }

    [Fact]
    public void A_list_named_twice_is_refused_rather_than_read_as_two_lists()
    {
        Assert.Equal("error.overlaps_list_twice", Key(Read("A,A,count\n1,0,5\n0,1,3\n1,1,2\n")));
        Assert.Equal("error.overlaps_list_twice", Key(Read("Police,B,police,count\n1,0,0,5\n")));
    }

    [Fact]
    public void Twenty_thousand_strata_are_refused_at_reading()
    {
        var csv = new StringBuilder("A,B,stratum,count\n");
        for (var i = 0; i < 20_000; i++)
        {
            csv.Append("1,1,s").Append(i).Append(",3\n");
        }

        Assert.Equal("error.overlaps_strata", Key(Read(csv.ToString())));
    }

    [Fact]
    public void An_estimate_stops_when_asked_and_says_so()
    {
        // Six lists with large counts: the latent-class sampler would run for minutes.
        var counts = Enumerable.Range(0, 64).Select(p => p == 0 ? 0L : 15_000L).ToArray();
        var data = new ListOverlaps(["A", "B", "C", "D", "E", "F"], counts);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var result = EstimateTotal.Run([data], new EstimateRequest { WithLatentClass = true, LatentClass = new LatentClassSettings { BurnIn = 5_000, Samples = 1_000, Thin = 20 } }, stop.Token);

        Assert.Equal("error.estimate_stopped", Assert.IsType<Invalid>(result.Error).Errors.Single().MessageKey);
    }

    [Fact]
    public void An_estimate_already_cancelled_does_no_work()
    {
        var data = OverlapsCsv.Read(new StringReader("A,B,C,count\n1,0,0,60\n0,1,0,49\n1,1,0,4\n0,0,1,247\n1,0,1,112\n0,1,1,142\n1,1,1,12\n")).Value;

        var result = EstimateTotal.Run(data, new EstimateRequest { WithLatentClass = true }, new CancellationToken(canceled: true));

        Assert.IsType<Invalid>(result.Error);
        Assert.True(EstimateTotal.Run(data, new EstimateRequest()).IsOk);
    }
}
