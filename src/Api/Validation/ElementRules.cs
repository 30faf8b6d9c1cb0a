using FluentValidation;
using FluentValidation.Results;

namespace HccOutcomes.Api.Validation;

/// <summary>
/// <c>RuleFor(x => x.List).EachElement(validator)</c> validates every element of a list with its own validator, as
/// <c>RuleForEach(x => x.List).SetValidator(validator)</c> does, and reports failures under the same paths
/// (<c>tumorAssessments[2].lesions[0].lesionId</c>). Each element is validated as a root object, and its failures
/// are prefixed with the list's path and index.
/// <para>
/// Why: FluentValidation's collection rule clones the validation context, the property chain and a child
/// adaptor for every element, even a valid one: about 1.5 KB and a microsecond per element, and a whole patient document
/// has ~25 list elements (<c>./hcc bench put-steps</c> measures a document's validation).
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

                AddAt(context, context.PropertyPath, i, result.Errors);
            }
        });

    /// <summary>
    /// Adds the failures of the element at <paramref name="index"/> of the list at <paramref name="listPath"/>, their
    /// paths prefixed with the element's (<c>patients[17].</c> + <c>adverseEvents[2].grade</c>).
    /// </summary>
    public static void AddAt<T>(ValidationContext<T> context, string listPath, int index, IEnumerable<ValidationFailure> failures)
    {
        foreach (var failure in failures)
        {
            failure.PropertyName = failure.PropertyName is { Length: > 0 } name
                ? $"{listPath}[{index}].{name}"
                : $"{listPath}[{index}]";
            context.AddFailure(failure);
        }
    }

    /// <summary>
    /// The elements whose key (null: no key) an earlier element already has: each one's index, the first such element's
    /// index and the key. One pass; nothing is allocated for fewer than two elements, and only the dictionary when none
    /// repeats.
    /// </summary>
    public static (int Index, int First, string Key)[] Repeats<TElement>(IReadOnlyList<TElement> elements, Func<TElement, string?> key)
    {
        if (elements.Count < 2)
        {
            return [];
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        List<(int, int, string)>? repeats = null;
        for (var i = 0; i < elements.Count; i++)
        {
            if (key(elements[i]) is not { } id)
            {
                continue;
            }

            if (!seen.TryAdd(id, i))
            {
                (repeats ??= []).Add((i, seen[id], id));
            }
        }

        return repeats is null ? [] : [.. repeats];
    }
}
