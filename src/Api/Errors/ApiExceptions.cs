namespace HccOutcomes.Api.Errors;

/// <summary>Base for errors that the client caused and that map to a 4xx ProblemDetails.</summary>
public abstract class ApiException(int statusCode, string title, string detail) : Exception(detail)
{
    /// <summary>HTTP status to answer with.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>Short, human-readable summary (ProblemDetails <c>title</c>).</summary>
    public string Title { get; } = title;
}

/// <summary>404: the addressed resource does not exist.</summary>
public sealed class NotFoundException(string detail) : ApiException(StatusCodes.Status404NotFound, "Not found", detail);

/// <summary>409: the request conflicts with the current state (e.g. deleting a cohort that still has patients).</summary>
public sealed class ConflictException(string detail) : ApiException(StatusCodes.Status409Conflict, "Conflict", detail);

/// <summary>415: the body is not in a media type the endpoint reads.</summary>
public sealed class UnsupportedMediaTypeException(string detail)
    : ApiException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);

/// <summary>406: none of the media types the request's <c>Accept</c> allows is one the endpoint answers in.</summary>
/// <param name="supported">The media types the endpoint answers in (ProblemDetails extension <c>supported</c>).</param>
public sealed class NotAcceptableException(IReadOnlyList<string> supported)
    : ApiException(StatusCodes.Status406NotAcceptable, "Not acceptable",
        $"This endpoint answers in {string.Join(", ", supported)}; the Accept header allows none of them.")
{
    /// <summary>The media types the endpoint answers in.</summary>
    public IReadOnlyList<string> Supported { get; } = supported;
}

/// <summary>412: <c>If-Match</c> named a version that is no longer current.</summary>
public sealed class PreconditionFailedException(string detail)
    : ApiException(StatusCodes.Status412PreconditionFailed, "Precondition failed", detail);

/// <summary>400 with field paths, for rules checked outside FluentValidation (e.g. against stored data).</summary>
public sealed class RequestValidationException(
    IDictionary<string, string[]> errors, string detail = "One or more fields are invalid.", int statusCode = StatusCodes.Status400BadRequest)
    : ApiException(statusCode, "One or more validation errors occurred.", detail)
{
    /// <summary>Field path (camelCase JSON path) → messages.</summary>
    public IDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>A single-field error.</summary>
    public static RequestValidationException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] }, message);
}

/// <summary>423: the cohort is locked, so its data cannot change.</summary>
public sealed class LockedException(string detail) : ApiException(StatusCodes.Status423Locked, "Locked", detail);

/// <summary>428: an update or delete came without <c>If-Match</c> where the registry requires one.</summary>
public sealed class PreconditionRequiredException(string detail)
    : ApiException(StatusCodes.Status428PreconditionRequired, "Precondition required", detail);

/// <summary>403: the client's role does not allow this on this resource.</summary>
public sealed class ForbiddenException(string detail) : ApiException(StatusCodes.Status403Forbidden, "Forbidden", detail);
