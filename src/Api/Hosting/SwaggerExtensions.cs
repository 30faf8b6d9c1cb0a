using System.Reflection;
using Microsoft.OpenApi;

namespace HccOutcomes.Api.Hosting;

/// <summary>OpenAPI document and Swagger UI (Swashbuckle), built from the XML comments.</summary>
internal static class SwaggerExtensions
{
    public static IServiceCollection AddApiSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "HCC Outcomes API",
                Version = "v1",
                Description =
                    "Registry and comparative-effectiveness analysis for advanced hepatocellular carcinoma. " +
                    "Hospital systems submit patient records (baseline, radiotherapy, TACE, sorafenib, anti-PD1, " +
                    "tumor assessments, CTCAE v5.0 adverse events, follow-up); analysts compare groups " +
                    "(ORR/DCR by RECIST 1.1 and mRECIST, Kaplan–Meier PFS/OS, Cox HR, TRAE tables). " +
                    "Every error is an RFC 9457 ProblemDetails. Every /api/v1 operation needs a bearer token from " +
                    "POST /connect/token (OAuth 2.0 client credentials); Authorize above gets one.",
            });

            foreach (var xml in new[] { Assembly.GetExecutingAssembly() }
                         .Select(a => Path.Combine(AppContext.BaseDirectory, a.GetName().Name + ".xml"))
                         .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "HccOutcomes.*.xml"))
                         .Distinct())
            {
                if (File.Exists(xml))
                {
                    options.IncludeXmlComments(xml, includeControllerXmlComments: true);
                }
            }

            options.SupportNonNullableReferenceTypes();
            options.MapType<Contracts.Analyses.CovariateValue>(() => new OpenApiSchema
            {
                Description = "A number, or a string for a categorical covariate.",
                OneOf = [new OpenApiSchema { Type = JsonSchemaType.Number }, new OpenApiSchema { Type = JsonSchemaType.String }],
            });
            options.SchemaFilter<ExampleSchemaFilter>();
            options.SchemaFilter<ValidationRulesSchemaFilter>();
            options.OperationFilter<StreamedRequestBodyFilter>();
            options.OperationFilter<Interop.Redcap.RedcapImportBodyFilter>();
            options.OperationFilter<Interop.Fhir.FhirRequestBodyFilter>();
            options.OperationFilter<ProblemResponsesFilter>();
            options.OperationFilter<AuthorizationResponsesFilter>();
            options.OperationFilter<IdempotencyKeyOperationFilter>();
            options.OperationFilter<ParameterConventionsFilter>();
            options.OperationFilter<ShortSummaryFilter>();
            options.OperationFilter<BinaryResponsesFilter>();
            options.OperationFilter<NonJsonBodiesFilter>();
            options.AddSecurityDefinition(AuthorizationResponsesFilter.Scheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "OAuth 2.0 client credentials. Use the client ID and secret of ./hcc run's local admin, " +
                              "or of a client made with ./hcc clients add or POST /api/v1/admin/clients.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri("/connect/token", UriKind.Relative), Scopes = new Dictionary<string, string>() },
                },
            });
            options.UseAllOfToExtendReferenceSchemas();
            options.CustomSchemaIds(SchemaNames.For);
        });
        return services;
    }

    public static WebApplication UseApiSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "HCC Outcomes API v1");
            options.DocumentTitle = "HCC Outcomes API";
            options.EnableTryItOutByDefault();
            options.DisplayRequestDuration();
        });
        return app;
    }
}
