namespace HccOutcomes.Api.Contracts;

/// <summary>One page of a list.</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">The items on this page.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Requested page size.</param>
/// <param name="TotalCount">Number of items across all pages.</param>
/// <param name="Next">Relative link to the next page, or null on the last page.</param>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount, string? Next);

/// <summary>Paging query parameters shared by list endpoints.</summary>
public sealed class PageQuery
{
    /// <summary>The highest page number a list accepts.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>1-based page number, 1–1,000,000 (default 1).</summary>
    public int Page { get; set; } = 1;

    /// <summary>Items per page, 1–500 (default 50).</summary>
    public int PageSize { get; set; } = 50;
}
