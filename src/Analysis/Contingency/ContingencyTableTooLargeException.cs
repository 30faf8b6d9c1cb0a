namespace HccOutcomes.Analysis.Contingency;

/// <summary>
/// Thrown by <see cref="FisherExactTest"/> when the exact r×c computation would exceed its work limit
/// (<see cref="FisherExactOptions.WorkLimit"/>) or its time limit (<see cref="FisherExactOptions.MaxDuration"/>). The table is valid; it is only too large for exact
/// enumeration. Callers can report this, raise the limit, or fall back to <see cref="PearsonChiSquareTest"/>.
/// </summary>
public sealed class ContingencyTableTooLargeException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ContingencyTableTooLargeException()
        : this(FisherExactOptions.DefaultWorkLimit)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ContingencyTableTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ContingencyTableTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the given work limit.</summary>
    /// <param name="workLimit">The limit that was reached.</param>
    public ContingencyTableTooLargeException(long workLimit)
        : base($"The table is too large for Fisher's exact test: the enumeration exceeded its work limit of {workLimit:N0} steps.")
    {
        WorkLimit = workLimit;
    }

    /// <summary>The work limit that was exceeded (0 when another limit was hit).</summary>
    public long WorkLimit { get; }
}
