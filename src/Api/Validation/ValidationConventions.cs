using System.Runtime.CompilerServices;
using FluentValidation;

namespace HccOutcomes.Api.Validation;

/// <summary>
/// FluentValidation resolves property names when a rule is built, so the camelCase convention must be in place
/// before any validator is constructed, wherever that happens (DI, a static field, a test). A module initializer
/// runs before any code of this assembly.
/// </summary>
internal static class ValidationConventions
{
#pragma warning disable CA2255 // An application assembly: the initializer configures FluentValidation process-wide on purpose.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Configure()
    {
        ValidatorOptions.Global.PropertyNameResolver = JsonPropertyPath.Resolve;
        ValidatorOptions.Global.DisplayNameResolver = JsonPropertyPath.Resolve;
    }
}
