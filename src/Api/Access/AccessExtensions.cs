using System.Security.Claims;
using System.Threading.RateLimiting;
using HccOutcomes.Api.Controllers;
using HccOutcomes.Api.Errors;
using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace HccOutcomes.Api.Access;

/// <summary>Who may call the API and how often: tokens, policies, rate limits, CORS and security headers.</summary>
public static class AccessExtensions
{
    /// <summary>The rate-limiter policy of the analysis endpoints.</summary>
    public const string AnalysesRateLimit = "analyses";

    /// <summary>
    /// JWT bearer authentication (tokens from the embedded OpenIddict server, or from an external authority), the
    /// authorization policies, the per-client rate limits and CORS.
    /// </summary>
    public static WebApplicationBuilder AddApiAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var settings = configuration.GetSection(AuthenticationSettings.Section).Get<AuthenticationSettings>() ?? new AuthenticationSettings();
        services.Configure<AuthenticationSettings>(configuration.GetSection(AuthenticationSettings.Section));
        services.AddOptions<RegistryOptions>()
            .Configure(o => o.RequireIfMatch = !builder.Environment.IsDevelopment())
            .Bind(configuration.GetSection(RegistryOptions.Section));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters.NameClaimType = HccClaims.Subject;
            options.TokenValidationParameters.RoleClaimType = HccClaims.Role;
            options.TokenValidationParameters.ValidAudience = settings.Audience;
            options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            if (settings.IsExternal)
            {
                options.Authority = settings.Authority;
                options.RequireHttpsMetadata = settings.RequireHttpsMetadata ?? !builder.Environment.IsDevelopment();
                options.Events = new JwtBearerEvents { OnTokenValidated = context => MapExternalClaims(context, settings.Claims) };
            }
            else
            {
                options.TokenValidationParameters.ValidIssuer = settings.Issuer;
            }
        });

        if (!settings.IsExternal)
        {
            services.AddSingleton<SigningKeyStore>();
            // The bearer handler verifies with the key the embedded server signs with.
            services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<SigningKeyStore>((options, keys) =>
                    options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => [keys.Key]);
            AddEmbeddedServer(services, settings);
        }

        services.AddAuthorization(Policies.Add);
        services.AddScoped<ClientRegistry>();
        AddRateLimits(services, configuration);

        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(options => options.AddDefaultPolicy(policy =>
        {
            // Closed unless origins are configured.
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("ETag", "Location", "Retry-After");
            }
        }));
        return builder;
    }

    private static void AddEmbeddedServer(IServiceCollection services, AuthenticationSettings settings)
    {
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<HccDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("connect/token");
                server.AllowClientCredentialsFlow();
                server.SetIssuer(new Uri(settings.Issuer));
                server.SetAccessTokenLifetime(TimeSpan.FromMinutes(settings.AccessTokenMinutes));
                // Signed, unencrypted JWTs, which any JWT bearer handler can verify; the encryption key is only a
                // requirement of OpenIddict's other token types, which this server never issues.
                server.DisableAccessTokenEncryption();
                server.AddEphemeralEncryptionKey();
                // Stateless: no row per token issued.
                server.DisableTokenStorage();
                // TLS ends in front of the API (README); the token endpoint then sees plain HTTP.
                server.UseAspNetCore().DisableTransportSecurityRequirement();
                server.AddEventHandler<OpenIddict.Server.OpenIddictServerEvents.HandleTokenRequestContext>(handler =>
                    handler.UseScopedHandler<ClientCredentialsHandler>());
            });
        services.AddOptions<OpenIddict.Server.OpenIddictServerOptions>()
            .Configure<SigningKeyStore>((options, keys) =>
                options.SigningCredentials.Add(new SigningCredentials(keys.Key, SecurityAlgorithms.RsaSha256)));
    }

    // An external authority's claims, copied onto the names the API reads.
    private static Task MapExternalClaims(TokenValidatedContext context, ClaimNames names)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity)
        {
            return Task.CompletedTask;
        }

        void Copy(string from, string to, bool split = false)
        {
            if (from == to)
            {
                return;
            }

            foreach (var claim in identity.FindAll(from).ToList())
            {
                foreach (var value in split ? claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [claim.Value])
                {
                    identity.AddClaim(new Claim(to, value));
                }
            }
        }

        Copy(names.Subject, HccClaims.Subject);
        Copy(names.Role, HccClaims.Role);
        Copy(names.Site, HccClaims.Site);
        Copy(names.Cohorts, HccClaims.Cohort, split: true);
        return Task.CompletedTask;
    }

    private static void AddRateLimits(IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitSettings.Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => Bucket(limits.PermitsPerSecond, limits.Burst)));
            options.AddPolicy(AnalysesRateLimit, context =>
                RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => Bucket(limits.AnalysesPerSecond, limits.AnalysesBurst)));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ProblemResponses.WriteAsync(
                    context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>(),
                    new ProblemDetailsContext
                    {
                        HttpContext = context.HttpContext,
                        ProblemDetails =
                        {
                            Status = StatusCodes.Status429TooManyRequests,
                            Title = "Too many requests",
                            Detail = $"This client sent more requests than its rate allows. Retry after {retryAfter} s.",
                        },
                    });
            };
        });
    }

    // Per client when the request carries a valid token, else per remote address.
    private static string ClientKey(HttpContext context) =>
        context.User.FindFirstValue(HccClaims.Subject) is { } client ? "client:" + client : "ip:" + context.Connection.RemoteIpAddress;

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = Math.Max(1, burst),
        TokensPerPeriod = Math.Max(1, perSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>The security headers, on every response (Swagger UI's included).</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        return app;
    }

    /// <summary>CORS, authentication, rate limits and authorization, in that order.</summary>
    public static WebApplication UseApiAccess(this WebApplication app)
    {
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Outside Production, on a database the app sets up itself (<c>Database:ApplyMigrations</c>, as <c>./hcc run</c>
    /// does), with the embedded server, unless <c>Authentication:CreateLocalAdmin</c> is false: a fresh admin client for
    /// this run, printed to the console (not the log), the previous run's revoked.
    /// </summary>
    public static async Task CreateLocalAdminIfConfiguredAsync(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<AuthenticationSettings>>().Value;
        if (app.Environment.IsProduction() || settings.IsExternal || !settings.CreateLocalAdmin ||
            !app.Configuration.GetValue<bool>("Database:ApplyMigrations"))
        {
            return;
        }

        const string name = "local admin (./hcc run)";
        await using var scope = app.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        await clients.RevokeNamedAsync(name, CancellationToken.None);
        var created = await clients.CreateAsync(name, Roles.Admin, null, [], CancellationToken.None);
        Console.Out.WriteLine($"""
            Local admin client for this run (revoked at the next start). Get a token with
              curl -s -d grant_type=client_credentials -d client_id={created.Client.ClientId} -d client_secret={created.ClientSecret} <url>/connect/token
            client_id={created.Client.ClientId}
            client_secret={created.ClientSecret}
            """);
    }
}
