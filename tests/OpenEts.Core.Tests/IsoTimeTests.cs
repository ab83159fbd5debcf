// Times typed by people: ISO 8601 only; no offset is market time, an offset in any ISO form is converted to it.
using OpenEts.Core;

namespace OpenEts.Core.Tests;

public sealed class IsoTimeTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("2021-07-19T10:00", "2021-07-19T10:00:00+08:00")]
    [InlineData("2021-07-19 10:00:05", "2021-07-19T10:00:05+08:00")]
    [InlineData("2021-07-19T10:00:05.1234567", "2021-07-19T10:00:05.1234567+08:00")]
    [InlineData("2021-07-19T02:00Z", "2021-07-19T10:00:00+08:00")]
    [InlineData("2021-07-19T02:00:00+00:00", "2021-07-19T10:00:00+08:00")]
    [InlineData("2021-07-19T01:00:00-0100", "2021-07-19T10:00:00+08:00")]
    [InlineData("2021-07-19T10:00+08", "2021-07-19T10:00:00+08:00")]
    [InlineData("2021-07-19T23:30:00-05:30", "2021-07-20T13:00:00+08:00")]
    [InlineData("2021-07-19T23:00:00+14:00", "2021-07-19T17:00:00+08:00")]
    public void Reads_every_ISO_form_as_market_time(string text, string expected)
    {
        Assert.True(IsoTime.TryParse(text, Beijing, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(Beijing, time.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("02/08/2021 10:00")]
    [InlineData("2021-07-19")]
    [InlineData("2021-07-19T10")]
    [InlineData("2021-07-19T24:00")]
    [InlineData("2021-07-19T10:60")]
    [InlineData("2021-07-19T10:00:60")]
    [InlineData("2021-02-30T10:00")]
    [InlineData("2021-07-19T10:00+14:30")]
    [InlineData("2021-07-19T10:00+0860")]
    [InlineData("2021-07-19T10:00:00.12345678")]
    [InlineData(" 2021-07-19T10:00")]
    [InlineData("2021-07-19t10:00")]
    public void Refuses_anything_else(string? text) => Assert.False(IsoTime.TryParse(text, Beijing, out _));
}
