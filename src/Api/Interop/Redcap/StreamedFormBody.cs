using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>
/// Keeps MVC from reading a <c>multipart/form-data</c> body into memory to bind form values: the action streams the
/// parts itself (a REDCap export may be hundreds of megabytes).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class StreamedFormBodyAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        context.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
