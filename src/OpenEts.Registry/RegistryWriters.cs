// Hand-written journal encoders for the registry's hottest command and events: a transfer and what an order's
// locks and settlement emit. Each writes the bytes System.Text.Json writes with the catalog's options (names in
// snake_case, declaration order, nulls written); RegistryWritersTests holds them to it on random values.
using System.Text.Json;
using OpenEts.Core;

namespace OpenEts.Registry;

/// <summary>The registry's <see cref="PropertyWriter{T}"/>s.</summary>
internal static class RegistryWriters
{
    private static readonly JsonEncodedText From = JsonEncodedText.Encode("from");
    private static readonly JsonEncodedText To = JsonEncodedText.Encode("to");
    private static readonly JsonEncodedText ClassId = JsonEncodedText.Encode("class_id");
    private static readonly JsonEncodedText Quantity = JsonEncodedText.Encode("quantity");
    private static readonly JsonEncodedText LockId = JsonEncodedText.Encode("lock_id");
    private static readonly JsonEncodedText Serials = JsonEncodedText.Encode("serials");
    private static readonly JsonEncodedText AccountId = JsonEncodedText.Encode("account_id");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");

    /// <summary>Registers the writers with the module.</summary>
    public static ModuleBuilder Register(ModuleBuilder builder) => builder
        .Writer<Transfer>(Write)
        .Writer<UnitsTransferred>(Write)
        .Writer<UnitsLocked>(Write)
        .Writer<UnitsUnlocked>(Write);

    private static void Write(Utf8JsonWriter w, Transfer t, JsonSerializerOptions options) => WriteMove(w, t.From, t.To, t.ClassId, t.Quantity, t.LockId);

    private static void Write(Utf8JsonWriter w, UnitsTransferred e, JsonSerializerOptions options)
    {
        WriteMove(w, e.From, e.To, e.ClassId, e.Quantity, e.LockId);
        w.WritePropertyName(Serials);
        if (e.Serials is null)
            w.WriteNullValue();
        else
            JsonSerializer.Serialize(w, e.Serials, options);
    }

    /// <summary>What a transfer and its event share, in their order: from, to, class, quantity, lock.</summary>
    private static void WriteMove(Utf8JsonWriter w, string from, string to, string classId, long quantity, string? lockId)
    {
        w.WriteString(From, from);
        w.WriteString(To, to);
        w.WriteString(ClassId, classId);
        w.WriteNumber(Quantity, quantity);
        w.WriteString(LockId, lockId);
    }

    private static void Write(Utf8JsonWriter w, UnitsLocked e, JsonSerializerOptions options)
    {
        w.WriteString(LockId, e.LockId);
        w.WriteString(AccountId, e.AccountId);
        w.WriteString(ClassId, e.ClassId);
        w.WriteNumber(Quantity, e.Quantity);
        EnumNames<LockReason>.Write(w, Reason, e.Reason, options);
    }

    private static void Write(Utf8JsonWriter w, UnitsUnlocked e, JsonSerializerOptions options)
    {
        w.WriteString(LockId, e.LockId);
        w.WriteNumber(Quantity, e.Quantity);
    }
}
