using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace HccOutcomes.Api.Validation;

/// <summary>
/// Request DTOs are validated by FluentValidation only. Without this, MVC's own validation visitor walks every
/// property of every nested record (for a 10,000-patient batch, millions of visits) to find nothing to check.
/// </summary>
internal sealed class FluentValidationOnly : IValidationMetadataProvider
{
    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        if (context.Key.ModelType.Namespace?.StartsWith("HccOutcomes.", StringComparison.Ordinal) == true)
        {
            context.ValidationMetadata.ValidateChildren = false;
        }
    }
}
