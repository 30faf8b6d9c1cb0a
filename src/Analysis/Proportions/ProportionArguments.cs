namespace HccOutcomes.Analysis.Proportions;

/// <summary>Validation of (events, total) pairs shared by the proportion methods.</summary>
internal static class ProportionArguments
{
    public static void Validate(int events, int total, string eventsName, string totalName)
    {
        if (total <= 0)
        {
            throw new ArgumentException($"The total must be positive; got {total}.", totalName);
        }

        if (events < 0)
        {
            throw new ArgumentException($"The number of events must be non-negative; got {events}.", eventsName);
        }

        if (events > total)
        {
            throw new ArgumentException($"The number of events ({events}) exceeds the total ({total}).", eventsName);
        }
    }
}
