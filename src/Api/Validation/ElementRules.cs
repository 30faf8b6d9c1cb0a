using FluentValidation;

namespace HccOutcomes.Api.Validation;

/// <summary>
/// <c>RuleFor(x => x.List).EachElement(validator)</c> validates every element of a list with its own validator, as
/// <c>RuleForEach(x => x.List).SetValidator(validator)</c> does, and reports failures under the same paths
/// (<c>tumorAssessments[2].lesions[0].lesionId</c>). Each element is validated as a root object, and its failures
/// are prefixed with the list's path and index.
/// <para>
/// Why: FluentValidation's collection rule clones the validation context, the property chain and a child
/// adaptor for every element, even a valid one. That cost ~1.5 KB and about a microsecond per element. A whole patient
/// document has ~25 list elements, so the clones were two-thirds of its validation: 46 KB per document
/// (<c>./hcc bench put-steps</c>, docs/performance.md).
/// </para>
/// </summary>
internal static class ElementRules
{
    public static IRuleBuilderOptionsConditions<T, List<TElement>> EachElement<T, TElement>(
        this IRuleBuilder<T, List<TElement>> rule, IValidator<TElement> validator) =>
        rule.Custom((list, context) =>
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is not { } element)
                {
                    continue;
                }

                var result = validator.Validate(element);
                if (result.IsValid)
                {
                    continue;
                }

                foreach (var failure in result.Errors)
                {
                    failure.PropertyName = failure.PropertyName is { Length: > 0 } name
                        ? $"{context.PropertyPath}[{i}].{name}"
                        : $"{context.PropertyPath}[{i}]";
                    context.AddFailure(failure);
                }
            }
        });
}
