// An enum's values as the catalog's enum converter writes them, encoded once, for the modules' hand-written journal
// encoders: the serializer looks each value's name up on every call, and an order writes several.
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OpenEts.Core;

/// <summary>
/// The names of <typeparamref name="TEnum"/>'s values in the catalog's naming (<see cref="ModuleCatalog.EnumNaming"/>),
/// by value. A value the enum does not define is left to the serializer, which refuses it.
/// </summary>
public static class EnumNames<TEnum> where TEnum : struct, Enum
{
    /// <summary>Each defined value's encoded name at its number; an empty slot is a value the enum does not define.</summary>
    private static readonly JsonEncodedText[] ByValue = Build();

    private static JsonEncodedText[] Build()
    {
        // Values from 256 on (a sparse or flags enum) get no slot, so the table stays small; the serializer writes them.
        var values = Enum.GetValues<TEnum>().Where(v => Number(v) < 256).ToArray();
        var names = new JsonEncodedText[values.Length == 0 ? 0 : (int)values.Max(Number) + 1];
        foreach (var v in values)
            names[Number(v)] = JsonEncodedText.Encode(ModuleCatalog.EnumNaming.ConvertName(v.ToString()));
        return names;
    }

    /// <summary>The value's bits as an unsigned number (a negative value is large, so it has no slot).</summary>
    private static ulong Number(TEnum value) => Unsafe.SizeOf<TEnum>() switch
    {
        1 => Unsafe.BitCast<TEnum, byte>(value),
        2 => Unsafe.BitCast<TEnum, ushort>(value),
        4 => Unsafe.BitCast<TEnum, uint>(value),
        _ => Unsafe.BitCast<TEnum, ulong>(value),
    };

    /// <summary>Writes <paramref name="property"/> with the value's name, the same bytes as the serializer with the catalog's options.</summary>
    public static void Write(Utf8JsonWriter w, JsonEncodedText property, TEnum value, JsonSerializerOptions options)
    {
        var number = Number(value);
        if (number < (ulong)ByValue.Length && !ByValue[number].EncodedUtf8Bytes.IsEmpty)
        {
            w.WriteString(property, ByValue[number]);
            return;
        }
        // A value the enum does not define (or one too large for the table): the serializer writes or refuses it.
        w.WritePropertyName(property);
        JsonSerializer.Serialize(w, value, options);
    }
}
