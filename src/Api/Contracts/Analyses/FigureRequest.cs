using System.Text.RegularExpressions;
using FluentValidation;

namespace HccOutcomes.Api.Contracts.Analyses;

/// <summary>The request of <c>POST /analyses/compare/figures/{figure}</c>: the comparison and how to draw it.</summary>
public sealed class FigureRequest : CompareRequest
{
    /// <summary>How the figure looks (all optional; omitted: the default look).</summary>
    public FigureStyle? Style { get; set; }
}

/// <summary>The colours a figure is drawn in.</summary>
public enum FigurePaletteChoice
{
    /// <summary>Okabe–Ito, colour-blind safe (default).</summary>
    OkabeIto,

    /// <summary>Shades of grey for black-and-white print (curves also told apart by dash pattern).</summary>
    Grey,
}

/// <summary>The time unit of a Kaplan–Meier figure's axis, risk table and median labels.</summary>
public enum FigureTimeUnit
{
    /// <summary>Days.</summary>
    Days,

    /// <summary>Weeks (7 days).</summary>
    Weeks,

    /// <summary>Months (30.4375 days, as the analysis; default).</summary>
    Months,

    /// <summary>Years (12 months).</summary>
    Years,
}

/// <summary>What the Kaplan–Meier annotation shows.</summary>
public enum FigureAnnotation
{
    /// <summary>The hazard ratio with its CI and the primary test's p (default).</summary>
    Both,

    /// <summary>The hazard ratio with its CI only.</summary>
    Hr,

    /// <summary>The primary test's p only.</summary>
    PrimaryTest,

    /// <summary>No annotation.</summary>
    None,
}

/// <summary>
/// The look of a figure, shared by every figure (options that do not apply to a figure are ignored by it). Sizes
/// are CSS pixels (1/96 inch, the SVG's units; width and height are rounded to whole pixels): a PNG at <c>dpi</c> is <c>width × dpi / 96</c> pixels wide, a PDF
/// page <c>width × 0.75</c> points.
/// </summary>
public sealed class FigureStyle
{
    /// <summary>Smallest width and height (CSS pixels).</summary>
    public const double MinSize = 320;

    /// <summary>Largest width and height (CSS pixels; 20 inches).</summary>
    public const double MaxSize = 1920;

    /// <summary>Title; <c>""</c> for none; omitted: the figure's default title.</summary>
    /// <example>Progression-free survival (mRECIST)</example>
    public string? Title { get; set; }

    /// <summary>Figure width, 320–1920 CSS pixels (default: Kaplan–Meier and waterfall 900, forest and love plot as their content needs).</summary>
    /// <example>672</example>
    public double? Width { get; set; }

    /// <summary>Figure height, 320–1920 CSS pixels (default: Kaplan–Meier 650 plus a row per extra group, waterfall 560, forest and love plot as their rows need).</summary>
    public double? Height { get; set; }

    /// <summary>Base font size, 8–24 CSS pixels (default 13): tick labels; titles, labels and tables scale with it.</summary>
    public double? FontSize { get; set; }

    /// <summary><c>okabeIto</c> (default) or <c>grey</c>.</summary>
    public FigurePaletteChoice? Palette { get; set; }

    /// <summary>
    /// Explicit colours (<c>#rrggbb</c>) that override the palette: by group name (Kaplan–Meier curves, love plot
    /// <c>unadjusted</c>/<c>adjusted</c>) or by response (waterfall <c>CR</c>, <c>PR</c>, <c>SD</c>, <c>PD</c>, <c>NE</c>).
    /// </summary>
    public Dictionary<string, string>? Colours { get; set; }

    /// <summary>Kaplan–Meier: <c>days</c>, <c>weeks</c>, <c>months</c> (default) or <c>years</c>.</summary>
    public FigureTimeUnit? TimeUnit { get; set; }

    /// <summary>Kaplan–Meier: end of the time axis in <c>timeUnit</c> (curves are cut there); default: the last break after the longest follow-up.</summary>
    public double? XMax { get; set; }

    /// <summary>Kaplan–Meier: the time-axis breaks in <c>timeUnit</c>, ascending, at most 40, none above <c>xMax</c>; the number-at-risk table has a column at each. Default: a regular step (3, 6 or 12 months) up to the axis end.</summary>
    public List<double>? XBreaks { get; set; }

    /// <summary>Kaplan–Meier: draw the pointwise confidence bands (default: the <c>bands</c> query parameter, false).</summary>
    public bool? ShowCi { get; set; }

    /// <summary>Kaplan–Meier: tick marks at censored times (default true).</summary>
    public bool? ShowCensorTicks { get; set; }

    /// <summary>Kaplan–Meier: dashed lines and labels at the medians (default true).</summary>
    public bool? ShowMedianLines { get; set; }

    /// <summary>Kaplan–Meier: the number-at-risk table under the axis (default true).</summary>
    public bool? ShowRiskTable { get; set; }

    /// <summary>Kaplan–Meier: <c>both</c> (default), <c>hr</c>, <c>primaryTest</c> or <c>none</c>.</summary>
    public FigureAnnotation? Annotation { get; set; }
}

internal sealed partial class FigureRequestValidator : AbstractValidator<FigureRequest>
{
    /// <summary>Response categories the waterfall colours bars by.</summary>
    public static readonly string[] ResponseCategories = ["CR", "PR", "SD", "PD", "NE"];

    /// <summary>Keys of the love plot's two series.</summary>
    public static readonly string[] LovePlotSeries = ["unadjusted", "adjusted"];

    public FigureRequestValidator(TimeProvider clock)
    {
        Include(new CompareRequestValidator(clock));
        When(r => r.Style is not null, () =>
        {
            RuleFor(r => r.Style!.Title).MaximumLength(200).OverridePropertyName("style.title");
            RuleFor(r => r.Style!.Width).InclusiveBetween(FigureStyle.MinSize, FigureStyle.MaxSize).OverridePropertyName("style.width");
            RuleFor(r => r.Style!.Height).InclusiveBetween(FigureStyle.MinSize, FigureStyle.MaxSize).OverridePropertyName("style.height");
            RuleFor(r => r.Style!.FontSize).InclusiveBetween(8, 24).OverridePropertyName("style.fontSize");
            RuleFor(r => r.Style!.XMax).GreaterThan(0).LessThanOrEqualTo(20000).OverridePropertyName("style.xMax");
            RuleFor(r => r.Style!.XBreaks).Custom((breaks, context) =>
            {
                if (breaks is null)
                {
                    return;
                }

                if (breaks.Count is 0 or > 40)
                {
                    context.AddFailure("style.xBreaks", "Give 1 to 40 breaks.");
                    return;
                }

                var xMax = context.InstanceToValidate.Style!.XMax;
                for (var i = 0; i < breaks.Count; i++)
                {
                    if (!double.IsFinite(breaks[i]) || breaks[i] < 0)
                    {
                        context.AddFailure($"style.xBreaks[{i}]", "A break is a time of 0 or more.");
                    }
                    else if (i > 0 && breaks[i] <= breaks[i - 1])
                    {
                        context.AddFailure($"style.xBreaks[{i}]", "Breaks must be strictly ascending.");
                    }
                    else if (xMax is { } max && breaks[i] > max)
                    {
                        context.AddFailure($"style.xBreaks[{i}]", $"The break {breaks[i]} lies beyond xMax {max}.");
                    }
                }
            });
            RuleFor(r => r.Style!.Colours).Custom((colours, context) =>
            {
                var request = context.InstanceToValidate;
                foreach (var (key, value) in colours ?? [])
                {
                    if (!request.Groups.Any(g => g.Name == key) && !ResponseCategories.Contains(key) && !LovePlotSeries.Contains(key))
                    {
                        context.AddFailure($"style.colours.{key}",
                            $"'{key}' is neither a group name nor one of {string.Join(", ", ResponseCategories.Concat(LovePlotSeries))}.");
                    }
                    else if (value is null || !HexColour().IsMatch(value))
                    {
                        context.AddFailure($"style.colours.{key}", $"'{value}' is not a colour: use #rrggbb, e.g. #0072b2.");
                    }
                }
            });
        });
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColour();
}
