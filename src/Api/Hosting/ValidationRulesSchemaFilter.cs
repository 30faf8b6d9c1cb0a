using System.Globalization;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HccOutcomes.Api.Hosting;

/// <summary>
/// Writes the unconditional rules of a type's FluentValidation validator into its schema, so the validators stay the
/// one source of the contract's rules: <c>NotNull</c>/<c>NotEmpty</c> → <c>required</c> (and <c>minLength: 1</c> for
/// <c>NotEmpty</c> strings), <c>MaximumLength</c>/<c>Length</c> → <c>minLength</c>/<c>maxLength</c>,
/// <c>InclusiveBetween</c>/<c>ExclusiveBetween</c> and comparisons with a constant → <c>minimum</c>/<c>maximum</c>
/// (exclusive where the rule is), <c>Matches</c> → <c>pattern</c>. Rules under a <c>When</c> condition, rules that
/// compare two fields and custom rules stay in the validator only: a schema cannot say them, and the validator's
/// ProblemDetails does.
/// </summary>
internal sealed class ValidationRulesSchemaFilter(IServiceProvider services) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { Count: > 0 } properties } concrete ||
            services.GetService(typeof(IValidator<>).MakeGenericType(context.Type)) is not IValidator validator)
        {
            return;
        }

        foreach (var rule in validator.CreateDescriptor().Rules)
        {
            // Property names are already JSON names (ValidationConventions sets FluentValidation's name resolver).
            if (rule.PropertyName is not { } name || !properties.TryGetValue(name, out var property))
            {
                continue;
            }

            // RuleForEach rules constrain the list's elements.
            var target = IsCollectionRule(rule) ? property.Items as OpenApiSchema : property as OpenApiSchema;
            foreach (var component in rule.Components)
            {
                if (component.HasCondition || component.HasAsyncCondition)
                {
                    continue;
                }

                Apply(concrete, name, target, component.Validator);
            }
        }
    }

    private static void Apply(OpenApiSchema owner, string name, OpenApiSchema? property, IPropertyValidator rule)
    {
        switch (rule)
        {
            case INotNullValidator:
                owner.Required ??= new HashSet<string>(StringComparer.Ordinal);
                owner.Required.Add(name);
                break;
            case INotEmptyValidator:
                owner.Required ??= new HashSet<string>(StringComparer.Ordinal);
                owner.Required.Add(name);
                if (property?.Type?.HasFlag(JsonSchemaType.String) == true)
                {
                    property.MinLength = Math.Max(property.MinLength ?? 0, 1);
                }

                break;
            case ILengthValidator length when property is not null:
                if (length.Max is > 0 and < int.MaxValue)
                {
                    property.MaxLength = length.Max;
                }

                if (length.Min > 0)
                {
                    property.MinLength = length.Min;
                }

                break;
            case IBetweenValidator between when property is not null:
                var exclusive = rule.Name.StartsWith("Exclusive", StringComparison.Ordinal);
                SetBound(property, between.From, lower: true, exclusive);
                SetBound(property, between.To, lower: false, exclusive);
                break;
            case IComparisonValidator { MemberToCompare: null, ValueToCompare: { } value } comparison when property is not null:
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThan: SetBound(property, value, lower: true, exclusive: true); break;
                    case Comparison.GreaterThanOrEqual: SetBound(property, value, lower: true, exclusive: false); break;
                    case Comparison.LessThan: SetBound(property, value, lower: false, exclusive: true); break;
                    case Comparison.LessThanOrEqual: SetBound(property, value, lower: false, exclusive: false); break;
                }

                break;
            case IRegularExpressionValidator regex when property is not null:
                property.Pattern = regex.Expression;
                break;
        }
    }

    private static void SetBound(OpenApiSchema property, object? value, bool lower, bool exclusive)
    {
        if (value is null || !IsNumber(value))
        {
            return;
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        if (lower)
        {
            if (exclusive)
            {
                property.ExclusiveMinimum = text;
            }
            else
            {
                property.Minimum = text;
            }
        }
        else
        {
            if (exclusive)
            {
                property.ExclusiveMaximum = text;
            }
            else
            {
                property.Maximum = text;
            }
        }
    }

    private static bool IsCollectionRule(IValidationRule rule) =>
        rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));

    private static bool IsNumber(object value) => value is int or long or short or byte or double or float or decimal;
}
