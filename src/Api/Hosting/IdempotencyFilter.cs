using System.Security.Cryptography;
using HccOutcomes.Api.Errors;
using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Idempotency;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Marks a POST that creates as honouring <c>Idempotency-Key</c>: the same key with the same body within 24 hours
/// gets the first answer again (with <c>Idempotent-Replayed: true</c>) and creates nothing; the same key with another
/// body or path is 422; a key whose first request is still running is 409.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute() : TypeFilterAttribute(typeof(IdempotencyFilter));

/// <summary>The filter behind <see cref="IdempotentAttribute"/>.</summary>
internal sealed class IdempotencyFilter(HccDbContext db, IActorAccessor actors, TimeProvider clock) : IAsyncResourceFilter
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            await next();
            return;
        }

        if (key.Length > 200 || key.Any(c => c < 0x20 || c > 0x7E))
        {
            throw RequestValidationException.For(Header, "Idempotency-Key must be 1–200 printable ASCII characters (a UUID is a good key).");
        }

        http.Request.EnableBuffering();
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(http.Request.Body, http.RequestAborted));
        http.Request.Body.Position = 0;

        var client = actors.Current.ClientId;
        var request = $"{http.Request.Method} {http.Request.Path}";
        var now = clock.GetUtcNow();
        await db.IdempotencyKeys.Where(k => k.CreatedAt < now - Lifetime).ExecuteDeleteAsync(http.RequestAborted);
        var first = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.ClientId == client && k.Key == key, http.RequestAborted);
        if (first is not null)
        {
            Replay(context, first, request, hash);
            return;
        }

        try
        {
            db.IdempotencyKeys.Add(new IdempotencyRecord { ClientId = client, Key = key, Request = request, BodyHash = hash, CreatedAt = now });
            await db.SaveChangesAsync(http.RequestAborted);
            db.ChangeTracker.Clear();
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("A request with this Idempotency-Key is being processed. Retry it once that one has answered.");
        }

        // The answer is kept as it is written.
        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        ResourceExecutedContext executed;
        try
        {
            executed = await next();
        }
        finally
        {
            http.Response.Body = original;
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
        }

        var status = http.Response.StatusCode;
        var stored = db.IdempotencyKeys.Where(k => k.ClientId == client && k.Key == key);
        // An exception (a rejection, or the database gone: 503) is answered later by the exception handler, while the
        // status still reads 200 here: it is a failure, not an answer to keep.
        var failed = executed.Exception is not null && !executed.ExceptionHandled;
        if (!failed && status is >= 200 and < 300)
        {
            var body = buffer.ToArray();
            var contentType = http.Response.ContentType;
            var location = http.Response.Headers.Location.ToString();
            var etag = http.Response.Headers.ETag.ToString();
            await stored.ExecuteUpdateAsync(s => s
                .SetProperty(k => k.Completed, true)
                .SetProperty(k => k.StatusCode, status)
                .SetProperty(k => k.ContentType, contentType)
                .SetProperty(k => k.Location, location.Length == 0 ? null : location)
                .SetProperty(k => k.ETag, etag.Length == 0 ? null : etag)
                .SetProperty(k => k.Body, body), CancellationToken.None);
        }
        else
        {
            // A rejected request created nothing: the client may correct it and send it again with the same key.
            await stored.ExecuteDeleteAsync(CancellationToken.None);
        }
    }

    private static void Replay(ResourceExecutingContext context, IdempotencyRecord first, string request, string hash)
    {
        if (first.Request != request || first.BodyHash != hash)
        {
            throw new RequestValidationException(
                new Dictionary<string, string[]> { [Header] = ["This Idempotency-Key was used with another request body or path."] },
                "An Idempotency-Key names one request: send a new key for a new request.",
                StatusCodes.Status422UnprocessableEntity);
        }

        if (!first.Completed)
        {
            throw new ConflictException("A request with this Idempotency-Key is being processed. Retry it once that one has answered.");
        }

        var response = context.HttpContext.Response;
        response.Headers["Idempotent-Replayed"] = "true";
        if (first.Location is not null)
        {
            response.Headers.Location = first.Location;
        }

        if (first.ETag is not null)
        {
            response.Headers.ETag = first.ETag;
        }

        context.Result = new ReplayResult(first);
    }

    private sealed class ReplayResult(IdempotencyRecord first) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = first.StatusCode;
            if (first.ContentType is not null)
            {
                response.ContentType = first.ContentType;
            }

            await response.Body.WriteAsync(first.Body ?? [], context.HttpContext.RequestAborted);
        }
    }
}

/// <summary>Documents the <c>Idempotency-Key</c> header, and its 409 and 422 answers, on the operations that honour it.</summary>
internal sealed class IdempotencyKeyOperationFilter : Swashbuckle.AspNetCore.SwaggerGen.IOperationFilter
{
    public void Apply(Microsoft.OpenApi.OpenApiOperation operation, Swashbuckle.AspNetCore.SwaggerGen.OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotentAttribute>().Any())
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
        {
            Name = IdempotencyFilter.Header,
            In = Microsoft.OpenApi.ParameterLocation.Header,
            Required = false,
            Description = "A unique key per request (e.g. a UUID). A retry with the same key and body within 24 hours gets the first " +
                          "answer again and creates nothing.",
            Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, MaxLength = 200 },
        });
        var schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses ??= [];
        foreach (var (status, description) in new[] { ("409", "A request with this key is still being processed."), ("422", "The key was used with another request.") })
        {
            operation.Responses.TryAdd(status, new Microsoft.OpenApi.OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            });
        }
    }
}
