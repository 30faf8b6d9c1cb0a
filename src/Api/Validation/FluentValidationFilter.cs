using FluentValidation;
using HccOutcomes.Api.Errors;
using Microsoft.AspNetCore.Mvc.Filters;

namespace HccOutcomes.Api.Validation;

/// <summary>
/// Runs the registered FluentValidation validator for every action argument before the action
/// executes (FluentValidation.AspNetCore's automatic validation is deprecated). Failures become a
/// 400 ValidationProblemDetails keyed by camelCase JSON path, e.g. <c>patients[17].adverseEvents[2].grade</c>.
/// </summary>
internal sealed class FluentValidationFilter(IServiceProvider services) : IAsyncActionFilter
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Type> ValidatorTypes = new();

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        foreach (var argument in context.ActionArguments.Values)
        {
            if (argument is null)
            {
                continue;
            }

            var validatorType = ValidatorTypes.GetOrAdd(argument.GetType(), t => typeof(IValidator<>).MakeGenericType(t));
            if (services.GetService(validatorType) is not IValidator validator)
            {
                continue;
            }

            // Synchronous: no rule is asynchronous, and the async pipeline costs a state machine per rule and value
            // (a whole patient document has hundreds).
            var result = validator.Validate(new ValidationContext<object>(argument));
            if (!result.IsValid)
            {
                var errors = result.Errors
                    .GroupBy(e => e.PropertyName)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
                throw new RequestValidationException(errors);
            }
        }

        await next();
    }
}
