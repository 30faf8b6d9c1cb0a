using HccOutcomes.Api.Errors;
using HccOutcomes.Infrastructure.Persistence;
using HccOutcomes.Infrastructure.Registry;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Api.Errors;

/// <summary>
/// The one place where exceptions become RFC 9457 ProblemDetails. Client errors keep their message;
/// anything unexpected is a 500 whose body carries no exception text (the exception is logged).
/// </summary>
internal sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // A client cannot tell "retry later" from a bug without this; one log line per outage, not one per request.
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (DatabaseOutage.Begins(TimeProvider.System.GetUtcNow()))
            {
                logger.LogError("The database is unavailable ({ExceptionType}: {Message}); answering 503 until it is back",
                    exception.GetBaseException().GetType().Name, exception.GetBaseException().Message);
            }
        }
        else if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled exception");
        }
        else
        {
            // The type only: messages can quote clinical values.
            logger.LogInformation("Request rejected with {StatusCode} ({ExceptionType})", problem.Status, exception.GetType().Name);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await ProblemResponses.WriteAsync(problemDetails, new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private const int RetryAfterSeconds = 5;

    private static ProblemDetails Map(Exception exception) => exception switch
    {
        _ when DatabaseErrors.IsUnavailable(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Service unavailable",
            Detail = $"The registry's database cannot be reached. Retry after {RetryAfterSeconds} seconds.",
        },
        RequestValidationException v => new ValidationProblemDetails(v.Errors)
        {
            Status = v.StatusCode,
            Title = v.Title,
            Detail = v.Message,
        },
        NotAcceptableException n => new ProblemDetails
        {
            Status = n.StatusCode,
            Title = n.Title,
            Detail = n.Message,
            Extensions = { ["supported"] = n.Supported },
        },
        ApiException api => new ProblemDetails { Status = api.StatusCode, Title = api.Title, Detail = api.Message },
        CohortNotFoundException missing => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = missing.Message },
        PatientOfAnotherSiteException hidden => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = hidden.Message },
        CohortLockedException locked => new ProblemDetails { Status = StatusCodes.Status423Locked, Title = "Locked", Detail = locked.Message },
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
            Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body exceeds the configured limit for this endpoint."
                : "The request could not be read.",
        },
        DbUpdateConcurrencyException => new ProblemDetails
        {
            Status = StatusCodes.Status412PreconditionFailed,
            Title = "Precondition failed",
            Detail = "The resource was changed by another request. Fetch it again and retry with the new ETag.",
        },
        DbUpdateException when DatabaseErrors.IsUniqueViolation(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict",
            Detail = "A record with the same unique key already exists.",
        },
        _ when DatabaseErrors.IsUniqueViolation(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict",
            Detail = "Another request created the same record at the same moment. Retry the request; re-sending is safe.",
        },
        // Request text is checked for NUL when it is read (NoNulStringConverter); this catches any other way in.
        _ when DatabaseErrors.IsUnstorableCharacter(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Bad request",
            Detail = "A text value contains a character the registry cannot store (e.g. NUL, U+0000).",
        },
        OperationCanceledException => new ProblemDetails
        {
            Status = 499,
            Title = "Client closed request",
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred.",
            Detail = "The error has been logged. Please retry later or contact the registry administrators.",
        },
    };
}

/// <summary>Outage episodes of the database: the first failure after 30 quiet seconds starts a new one.</summary>
internal static class DatabaseOutage
{
    private static long _lastFailureTicks;

    /// <summary>Records a failure at <paramref name="now"/>; true when it starts an episode (so it is logged).</summary>
    public static bool Begins(DateTimeOffset now)
    {
        var previous = Interlocked.Exchange(ref _lastFailureTicks, now.UtcTicks);
        return now.UtcTicks - previous > TimeSpan.FromSeconds(30).Ticks;
    }
}
