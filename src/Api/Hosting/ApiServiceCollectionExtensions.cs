using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FluentValidation;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Validation;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// The <c>AddXxx()</c> calls that Program.cs reads as a list. Public so that a tool writing through the API's own
/// validation and write path (src/Demo) registers exactly these services instead of a copy of them.
/// </summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>Controllers with the API's JSON conventions and FluentValidation.</summary>
    public static IServiceCollection AddApiControllers(this IServiceCollection services)
    {
        services
            .AddControllers(options =>
            {
                options.Filters.Add<Access.CohortAccessFilter>();
                options.Filters.Add<FluentValidationFilter>();
                options.Filters.Add<ConditionalGetFilter>();
                options.ModelMetadataDetailsProviders.Add(new FluentValidationOnly());
                // An Accept the operation cannot serve gets its JSON (RFC 9110 lets a server disregard Accept): MVC's own
                // 406 is an empty body, and a client asking a CSV of an operation without one is better served by the JSON.
                options.ReturnHttpNotAcceptable = false;
            })
            .AddJsonOptions(options => ConfigureJson(options.JsonSerializerOptions))
            .ConfigureApiBehaviorOptions(options =>
                options.InvalidModelStateResponseFactory = InvalidModelState.ToProblem);
        services.AddSingleton<Microsoft.AspNetCore.Mvc.Infrastructure.IClientErrorFactory, ProblemClientErrorFactory>();

        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<Registry.PatientDocuments>();
        services.AddScoped<Analyses.CompareService>();
        // Analysis rows of recently compared cohorts, sized in patients (about 1 KiB each): a cache of its own, since
        // the shared IMemoryCache (OpenIddict's stores use it) has no sizes.
        services.AddMemoryCache();
        services.AddSingleton(new Analyses.AnalysisRowCache());
        services.AddScoped<Registry.PatientRecordEditor>();
        // The actor of a change: the request's client, or the local user for work outside a request (demo load, CLI).
        services.AddHttpContextAccessor();
        services.AddScoped<Infrastructure.Access.IActorAccessor>(sp =>
            sp.GetRequiredService<IHttpContextAccessor>().HttpContext is not null
                ? new Access.HttpActorAccessor(sp.GetRequiredService<IHttpContextAccessor>())
                : new Infrastructure.Access.FixedActor(Infrastructure.Access.Actor.System("local:" + Environment.UserName)));
        return services;
    }

    /// <summary>camelCase, enums as strings (numbers rejected), ISO dates via <see cref="DateOnly"/>; no null lists or list elements, no NUL in text.</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.DictionaryKeyPolicy = null;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        json.Converters.Add(new NonFiniteAsNullConverter());
        json.Converters.Add(new NoNulStringConverter());
        json.NumberHandling = JsonNumberHandling.Strict;
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NullsInLists.Reject } };
    }

    /// <summary>RFC 9457 ProblemDetails for every error, produced by one exception handler.</summary>
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        return services;
    }

    /// <summary><c>/health/live</c> (process) and <c>/health/ready</c> (process and database).</summary>
    public static IServiceCollection AddApiHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<HccDbContext>("database", HealthStatus.Unhealthy, tags: ["ready"]);
        return services;
    }

    /// <summary>Request body limit (bytes) applied to endpoints without their own <c>[BodyLimit]</c>.</summary>
    public static IServiceCollection AddRequestBodyLimit(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RequestBodyLimitOptions>(configuration.GetSection(RequestBodyLimitOptions.Section));
        return services;
    }
}
