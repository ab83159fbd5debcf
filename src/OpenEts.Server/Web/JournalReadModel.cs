// The base of the web UI's read models: each follows the journal up to its durable head, reading only the
// entries it has not seen yet, a page at a time.
using OpenEts.Core;

namespace OpenEts.Server.Web;

/// <summary>A read model rebuilt from the journal, entry by entry.</summary>
public abstract class JournalReadModel(MarketRuntime market)
{
    /// <summary>Most journal entries read in one refresh step.</summary>
    public const int Page = 2000;

    private long _seenSeq;

    /// <summary>Held while reading entries and while answering from the model.</summary>
    protected System.Threading.Lock Gate { get; } = new();

    /// <summary>The market whose journal is read.</summary>
    protected MarketRuntime Market { get; } = market;

    /// <summary>Reads every entry up to the durable head; call while holding <see cref="Gate"/>.</summary>
    protected void CatchUp()
    {
        var head = Market.Engine.DurableSeq;
        while (_seenSeq < head)
        {
            var entries = Market.ReadJournal(_seenSeq, Page);
            if (entries.Count == 0)
                break;
            foreach (var e in entries)
                Read(e);
            _seenSeq = entries[^1].Seq;
        }
    }

    /// <summary>Takes one journal entry into the model.</summary>
    protected abstract void Read(JournalEntry entry);
}
