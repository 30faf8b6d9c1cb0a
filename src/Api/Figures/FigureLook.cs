using HccOutcomes.Api.Contracts.Analyses;

namespace HccOutcomes.Api.Figures;

/// <summary>
/// The look the renderers share, resolved from a request's <see cref="FigureStyle"/>: size, font scale and colours.
/// <see cref="Default"/> is the figures' standard look.
/// </summary>
public sealed record FigureLook
{
    /// <summary>Base font size the other sizes are relative to (tick labels).</summary>
    public const double BaseFontSize = 13;

    /// <summary>Series colours of the grey palette, darkest first (told apart further by <see cref="SeriesDash"/>).</summary>
    private static readonly string[] GreySeries = ["#000000", "#767676", "#3c3c3c", "#a8a8a8"];

    /// <summary>The standard look: default sizes, Okabe–Ito colours.</summary>
    public static FigureLook Default { get; } = new();

    /// <summary>Figure width in CSS pixels, or null for the figure's default.</summary>
    public double? Width { get; init; }

    /// <summary>Figure height in CSS pixels, or null for the figure's default.</summary>
    public double? Height { get; init; }

    /// <summary>Factor applied to every font size (and the text-bound spacings).</summary>
    public double FontScale { get; init; } = 1;

    /// <summary>Shades of grey instead of Okabe–Ito.</summary>
    public bool Grey { get; init; }

    /// <summary>Explicit colours by series name (group, response category, love-plot series).</summary>
    public IReadOnlyDictionary<string, string> Colours { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A font size of the standard look, scaled.</summary>
    public double Font(double size) => size * FontScale;

    /// <summary>The colour of series <paramref name="index"/> named <paramref name="name"/>.</summary>
    public string Series(int index, string name)
        => Colours.TryGetValue(name, out var colour) ? colour.ToLowerInvariant()
            : Grey ? GreySeries[index % GreySeries.Length] : FigurePalette.Of(index);

    /// <summary>The dash pattern of series <paramref name="index"/>'s line: grey print tells every other series apart by dashes.</summary>
    public string? SeriesDash(int index) => Grey && index % 2 == 1 ? "9 4" : null;

    /// <summary>The look a request asks for.</summary>
    public static FigureLook From(FigureStyle? style) => style is null ? Default : new FigureLook
    {
        Width = style.Width is { } w ? Math.Round(w) : null,
        Height = style.Height is { } h ? Math.Round(h) : null,
        FontScale = (style.FontSize ?? BaseFontSize) / BaseFontSize,
        Grey = style.Palette == FigurePaletteChoice.Grey,
        Colours = style.Colours is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(style.Colours, StringComparer.Ordinal),
    };
}
