// Reads a demo database's journal as stored: entries per command kind, rejected entries, the trades the
// exchange executed, the CCER trading days opened under cn-ccer, and the auctions: each announcement's floor,
// each clearing price, the tonnes allocated and the units that left the auction account. Read straight from
// the SQLite file.
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace OpenEts.Cli.Tests;

/// <summary>An auction as the journal holds it: its floor, its clearing price (null when unsold) and the tonnes placed.</summary>
public sealed record JournalAuction(string AuctionId, long FloorFen, long? ClearingFen, long PlacedT);

/// <summary>Counts of a demo journal.</summary>
public sealed record DemoJournal(Dictionary<string, long> Kinds, long Rejected, long TradesExecuted, long CcerDaysUnderCcerRulebook,
    IReadOnlyList<JournalAuction> Auctions, long AuctionTradesExecuted, long UnitsOutOfAuctionAccountT)
{
    private const string AuctionAccount = "cn-AUCTION";

    public static DemoJournal Read(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var kinds = new Dictionary<string, long>(StringComparer.Ordinal);
        var floors = new Dictionary<string, long>(StringComparer.Ordinal);
        var auctions = new List<JournalAuction>();
        long rejected = 0, trades = 0, ccerDays = 0, auctionTrades = 0, outOfAuction = 0;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, accepted, payload FROM entries ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var kind = reader.GetString(0);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            if (reader.GetInt64(1) == 0)
                rejected++;
            using var payload = JsonDocument.Parse((byte[])reader.GetValue(2));
            if (!payload.RootElement.TryGetProperty("events", out var events))
                continue;
            foreach (var e in events.EnumerateArray())
            {
                var type = e.GetProperty("$type").GetString();
                if (type == "registry.units_transferred" && e.GetProperty("from").GetString() == AuctionAccount)
                    outOfAuction += e.GetProperty("quantity").GetInt64();
                if (!kind.StartsWith("exchange.", StringComparison.Ordinal))
                    continue;
                if (type == "exchange.trade_executed")
                {
                    trades++;
                    if (e.GetProperty("seller").GetString() == AuctionAccount)
                        auctionTrades++;
                }
                else if (type == "exchange.trading_day_opened" && e.GetProperty("instrument").GetString()!.StartsWith("CCER-", StringComparison.Ordinal)
                    && e.GetProperty("rulebook").GetString() == "cn-ccer")
                    ccerDays++;
                else if (type == "exchange.auction_announced")
                    floors[e.GetProperty("auction_id").GetString()!] = e.GetProperty("reserve_price_fen").GetInt64();
                else if (type == "exchange.auction_cleared")
                {
                    var id = e.GetProperty("auction_id").GetString()!;
                    var clearing = e.GetProperty("clearing_price_fen");
                    auctions.Add(new JournalAuction(id, floors[id], clearing.ValueKind == JsonValueKind.Null ? null : clearing.GetInt64(), e.GetProperty("placed_t").GetInt64()));
                }
            }
        }
        return new DemoJournal(kinds, rejected, trades, ccerDays, auctions, auctionTrades, outOfAuction);
    }
}
