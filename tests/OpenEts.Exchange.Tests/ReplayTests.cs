// Order files and day replays: parsing rules, bad rows by line, funding, and the CSV exports of the result.
using OpenEts.Exchange;

namespace OpenEts.Exchange.Tests;

public sealed class ReplayTests
{
    private const string Header = "time,order_id,account,side,price,quantity,action";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public void Times_without_offset_are_market_time_and_times_with_one_are_converted()
    {
        var (rows, errors) = OrderFile.Parse($"{Header}\n2021-07-19T09:30:00,a,m1,buy,51.23,1,new\n2021-07-19T01:31:00Z,b,m2,sell,51.23,1,new\n", Beijing);
        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2021, 7, 19, 9, 30, 0, Beijing), rows[0].Time);
        Assert.Equal(new DateTimeOffset(2021, 7, 19, 9, 31, 0, Beijing), rows[1].Time);
        Assert.Equal(Beijing, rows[1].Time.Offset);
    }

    [Theory]
    [InlineData("2021-07-19T10:00:00-0100", 19, 0)]
    [InlineData("2021-07-19T10:00:00-01:00", 19, 0)]
    [InlineData("2021-07-19T01:30:00+0000", 9, 30)]
    [InlineData("2021-07-19T01:30Z", 9, 30)]
    [InlineData("2021-07-19T09:30+08", 9, 30)]
    [InlineData("2021-07-19 09:30:15.5", 9, 30)]
    public void Every_ISO_8601_offset_form_is_converted_to_market_time(string time, int hour, int minute)
    {
        var (rows, errors) = OrderFile.Parse($"{Header}\n{time},a,m1,buy,51.23,1,new\n", Beijing);
        Assert.Empty(errors);
        Assert.Equal((hour, minute, Beijing), (rows[0].Time.Hour, rows[0].Time.Minute, rows[0].Time.Offset));
    }

    [Theory]
    [InlineData("02/08/2021 10:00")]
    [InlineData("2021-07-19T24:00:00")]
    [InlineData("2021-07-19T10:00:00+15:00")]
    [InlineData("2021-07-19T10:00:00 +08:00")]
    [InlineData("2021-07-19")]
    [InlineData("2021-13-19T10:00:00")]
    public void A_time_that_is_not_ISO_8601_is_a_bad_row(string time)
    {
        var (rows, errors) = OrderFile.Parse($"{Header}\n{time},a,m1,buy,51.23,1,new\n", Beijing);
        Assert.Empty(rows);
        Assert.Contains("is not an ISO 8601 date and time", Assert.Single(errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Prices_quantities_and_balances_beyond_what_a_market_takes_and_contradicting_balances_are_bad_rows()
    {
        var text = "time,order_id,account,side,price,quantity,action,units,cash\n" +
            "2021-07-19T09:30:00,a,m1,sell,0.00,10,new,,\n" +
            "2021-07-19T09:30:00,b,m1,sell,100000000.01,10,new,,\n" +
            "2021-07-19T09:30:00,c,m1,buy,51.23,1000000000000001,new,,\n" +
            "2021-07-19T09:30:00,d,m2,sell,51.23,10,new,0,\n" +
            "2021-07-19T09:31:00,e,m2,sell,51.23,10,new,500,\n" +
            "2021-07-19T09:31:00,f,m2,sell,51.23,10,new,0,\n" +
            "2021-07-19T09:32:00,g,m3,buy,51.23,10,new,,100.00\n" +
            "2021-07-19T09:33:00,h,m3,buy,51.23,10,new,,100.01\n";
        var (rows, errors) = OrderFile.Parse(text, Beijing);
        Assert.Empty(rows);
        Assert.Equal([2, 3, 4, 6, 9], errors.Select(e => e.Line));
        Assert.Equal("price '0.00' is not above 0 and at most 100,000,000.00 yuan", errors[0].Reason);
        Assert.Equal("units 500 t for m2 contradicts the 0 t line 5 gave; an account's opening balance is given once", errors[3].Reason);
        Assert.Equal("cash 100.01 yuan for m3 contradicts the 100.00 yuan line 8 gave; an account's opening balance is given once", errors[4].Reason);
    }

    [Fact]
    public void Orders_far_beyond_the_order_size_are_refused_by_the_market_and_funded_with_nothing()
    {
        // Each sell and buy is refused quantity_out_of_range (at most 99,999 t); none is funded, so no sum overflows.
        var text = $"{Header}\n" +
            "2021-07-19T09:30:00,s1,m1,sell,51.23,900000000000000,new\n" +
            "2021-07-19T09:30:00,s2,m1,sell,51.23,900000000000000,new\n" +
            "2021-07-19T09:30:00,b1,m2,buy,56.35,1000000000000000,new\n" +
            "2021-07-19T09:31:00,s3,m1,sell,51.23,10,new\n" +
            "2021-07-19T09:31:00,b2,m2,buy,51.23,10,new\n";
        var result = ReplayOf(text);
        Assert.Equal(["quantity_out_of_range", "quantity_out_of_range", "quantity_out_of_range"], result.Rejected.Select(r => r.Code));
        var trade = Assert.Single(result.Trades);
        Assert.Equal((51_23L, 10L), (trade.PriceFen, trade.QuantityT));
    }

    [Fact]
    public void Every_bad_row_is_reported_with_its_line_and_no_row_is_returned()
    {
        var text = $"{Header}\n" +
            "2021-07-19T09:30:00,a,m1,buy,51.23,1,new\n" +
            "2021-07-19T09:29:00,b,m1,buy,51.23,1,new\n" +
            "2021-07-20T09:30:00,c,m1,buy,51.23,1,new\n" +
            "2021-07-19T09:31:00,d,m1,buy,51.2x,1,new\n" +
            "2021-07-19T09:31:00,e,m1,buy,51.23,1.5,new\n" +
            "2021-07-19T09:31:00,f,m1,buy,51.23,1,modify\n" +
            "2021-07-19T09:31:00,g,m1,buy,51.23\n" +
            "yesterday,h,m1,buy,51.23,1,new\n";
        var (rows, errors) = OrderFile.Parse(text, Beijing);
        Assert.Empty(rows);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], errors.Select(e => e.Line));
        Assert.Contains("goes back", errors[0].Reason);
        Assert.Contains("one trading day", errors[1].Reason);
    }

    [Fact]
    public void A_header_without_the_required_columns_is_refused()
    {
        var (_, errors) = OrderFile.Parse("time,order_id,account,side,price\n", Beijing);
        Assert.Equal("the header lacks the column(s) quantity, action", Assert.Single(errors).Reason);
    }

    [Fact]
    public void Accounts_hold_what_the_file_says_or_just_enough()
    {
        var text = "time,order_id,account,side,price,quantity,action,units,cash\n" +
            "2021-07-19T09:30:00,s1,poor,sell,51.23,100,new,50,\n" +
            "2021-07-19T09:30:01,s2,rich,sell,51.23,100,new,,\n" +
            "2021-07-19T09:30:02,b1,buyer,buy,51.23,200,new,,5000.00\n" +
            "2021-07-19T09:30:03,b2,other,buy,51.23,100,new,,\n";
        var result = ReplayOf(text);
        Assert.Equal([("s1", "insufficient_units"), ("b1", "insufficient_cash")], result.Rejected.Select(r => (r.OrderId, r.Code)));
        var trade = Assert.Single(result.Trades);
        Assert.Equal(("b2", "s2", 100L), (trade.BuyOrder, trade.SellOrder, trade.QuantityT));
        Assert.True(result.Settlement.Balances);
    }

    [Fact]
    public void Without_a_previous_close_the_band_centres_on_the_first_order()
    {
        var (rows, _) = OrderFile.Parse($"{Header}\n2021-07-16T09:30:00,a,m1,buy,48.00,1,new\n2021-07-16T09:31:00,b,m2,sell,52.80,1,new\n2021-07-16T09:32:00,c,m2,sell,52.81,1,new\n", Beijing);
        var result = DayReplay.Run(TradingRulebook.National, rows, null);
        Assert.Equal(new PriceBand(43_20, 52_80), result.Band);
        Assert.Equal("price_outside_band", Assert.Single(result.Rejected).Code);
    }

    [Fact]
    public void Trades_daily_figures_and_settlement_export_as_csv()
    {
        var (rows, _) = OrderFile.Parse($"{Header}\n2021-07-19T09:30:00,s1,seller,sell,51.50,300,new\n2021-07-19T09:31:00,b1,buyer,buy,51.60,200,new\n", Beijing);
        var result = DayReplay.Run(TradingRulebook.National, rows, 51_23);
        var trades = Bulletin.TradesCsv(result.Trades).Split('\n');
        Assert.Equal("sequence,time,kind,instrument,buy_order,sell_order,buyer,seller,price,quantity_t,value,buyer_fee,seller_fee", trades[0]);
        Assert.Equal("1,2021-07-19T09:31:00.000+08:00,listing,CEA,b1,s1,buyer,seller,51.50,200,10300.00,0.00,0.00", trades[1]);
        var daily = Bulletin.DailyCsv([result.Statistics], new Cumulative(1_000, 50_000_00)).Split('\n');
        Assert.Equal("2021-07-19,CEA,51.50,51.50,51.50,51.50,51.23,200,10300.00,0,0.00,0,0.00,1200,60300.00", daily[1]);
        var settlement = result.Settlement.ToCsv().Split('\n');
        Assert.Equal("buyer,CEA,200,0,200,10300.00,0.00,-10300.00,0.00", settlement[1]);
        Assert.Equal("seller,CEA,0,200,-200,0.00,10300.00,10300.00,0.00", settlement[2]);
        Assert.Equal("total,,200,200,0,10300.00,10300.00,0.00,0.00", settlement[3]);
    }

    /// <summary>Parses <paramref name="text"/> (no bad row) and replays it on the national rulebook at a previous close of 51.23.</summary>
    private static ReplayResult ReplayOf(string text)
    {
        var (rows, errors) = OrderFile.Parse(text, Beijing);
        Assert.Empty(errors);
        return DayReplay.Run(TradingRulebook.National, rows, 51_23);
    }
}
