namespace HccOutcomes.Analysis.Adjusted;

/// <summary>
/// A covariate of an adjusted model, one value per subject: numeric, or categorical (a string per subject).
/// </summary>
/// <remarks>
/// A categorical covariate with levels L₁ &lt; … &lt; L_k (ordinal, i.e. Unicode code point = UTF-8 byte order, R's
/// <c>sort(method = "radix")</c>) enters a model as k − 1 indicator columns named <c>"name:L_j"</c>, j ≥ 2; L₁ is the
/// reference. An explicit level order may be given instead (the group factor keeps the request's order).
/// </remarks>
public sealed class ModelCovariate
{
    private ModelCovariate(string name, double[]? numbers, string[]? labels, IReadOnlyList<string> levels)
    {
        Name = name;
        Numbers = numbers;
        Labels = labels;
        Levels = levels;
    }

    /// <summary>Covariate name.</summary>
    public string Name { get; }

    /// <summary>Values of a numeric covariate; null for a categorical one.</summary>
    public double[]? Numbers { get; }

    /// <summary>Level of each subject of a categorical covariate; null for a numeric one.</summary>
    public string[]? Labels { get; }

    /// <summary>Levels of a categorical covariate, the reference first; empty for a numeric one.</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>True for a categorical covariate.</summary>
    public bool IsCategorical => Labels is not null;

    /// <summary>Number of subjects.</summary>
    public int Count => Numbers?.Length ?? Labels!.Length;

    /// <summary>A numeric covariate.</summary>
    /// <exception cref="ArgumentException">A non-finite value.</exception>
    public static ModelCovariate Numeric(string name, double[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"Covariate '{name}'[{i}] is not finite.", nameof(values));
            }
        }

        return new ModelCovariate(name, values, null, []);
    }

    /// <summary>A categorical covariate; levels in ordinal (byte) order unless <paramref name="levelOrder"/> is given.</summary>
    /// <exception cref="ArgumentException">A null label, a label missing from <paramref name="levelOrder"/>, or fewer than two levels.</exception>
    public static ModelCovariate Categorical(string name, string[] labels, IReadOnlyList<string>? levelOrder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(labels);
        var present = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Length; i++)
        {
            present.Add(labels[i] ?? throw new ArgumentException($"Covariate '{name}'[{i}] is null.", nameof(labels)));
        }

        List<string> levels;
        if (levelOrder is null)
        {
            levels = [.. present];
            levels.Sort(ByteOrder.Instance);
        }
        else
        {
            levels = [.. levelOrder.Where(present.Contains)];
            if (levels.Count != present.Count)
            {
                throw new ArgumentException($"Covariate '{name}' has a level outside the given order.", nameof(levelOrder));
            }
        }

        if (levels.Count < 2)
        {
            throw new ArgumentException($"Covariate '{name}' has fewer than two levels.", nameof(labels));
        }

        return new ModelCovariate(name, null, labels, levels);
    }

    /// <summary>Ordinal comparison by Unicode code point, which is the byte order of the UTF-8 encodings.</summary>
    public sealed class ByteOrder : IComparer<string>
    {
        /// <summary>The comparer.</summary>
        public static ByteOrder Instance { get; } = new();

        /// <inheritdoc />
        public int Compare(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            var ex = x.EnumerateRunes();
            var ey = y.EnumerateRunes();
            while (true)
            {
                var hx = ex.MoveNext();
                var hy = ey.MoveNext();
                if (!hx || !hy)
                {
                    return hx == hy ? 0 : hx ? 1 : -1;
                }

                var c = ex.Current.Value.CompareTo(ey.Current.Value);
                if (c != 0)
                {
                    return c;
                }
            }
        }
    }
}

/// <summary>One model term: the design columns of one covariate (one for a numeric, k − 1 for a k-level categorical).</summary>
/// <param name="Name">Covariate name.</param>
/// <param name="FirstColumn">Index of its first design column.</param>
/// <param name="ColumnCount">Number of its design columns.</param>
/// <param name="Levels">All levels of a categorical covariate, reference first; empty for a numeric one.</param>
public sealed record DesignTerm(string Name, int FirstColumn, int ColumnCount, IReadOnlyList<string> Levels);

/// <summary>
/// A model matrix without intercept: numeric covariates as they are, categorical ones as treatment-coded indicators
/// (R's default contrasts), in covariate order. Row-major n × p.
/// </summary>
public sealed class DesignMatrix
{
    private DesignMatrix(int rows, string[] columnNames, DesignTerm[] terms, double[] values)
    {
        Rows = rows;
        ColumnNames = columnNames;
        Terms = terms;
        Values = values;
    }

    /// <summary>Number of subjects.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns => ColumnNames.Count;

    /// <summary>Column names: the covariate name, or <c>"covariate:level"</c> for an indicator.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The terms (covariates) and their columns.</summary>
    public IReadOnlyList<DesignTerm> Terms { get; }

    /// <summary>Row-major values, <c>Values[i * Columns + j]</c>.</summary>
    public double[] Values { get; }

    /// <summary>Value of subject i in column j.</summary>
    public double this[int i, int j] => Values[(i * Columns) + j];

    /// <summary>Builds the design of the given covariates (all of the same length).</summary>
    /// <exception cref="ArgumentException">No covariates, lengths differ, or duplicate column names.</exception>
    public static DesignMatrix Build(IReadOnlyList<ModelCovariate> covariates)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        if (covariates.Count == 0)
        {
            throw new ArgumentException("At least one covariate is required.", nameof(covariates));
        }

        var n = covariates[0].Count;
        var names = new List<string>();
        var terms = new List<DesignTerm>();
        foreach (var c in covariates)
        {
            if (c.Count != n)
            {
                throw new ArgumentException($"Covariate '{c.Name}' has {c.Count} values, not {n}.", nameof(covariates));
            }

            var first = names.Count;
            if (c.IsCategorical)
            {
                names.AddRange(c.Levels.Skip(1).Select(l => c.Name + ":" + l));
            }
            else
            {
                names.Add(c.Name);
            }

            terms.Add(new DesignTerm(c.Name, first, names.Count - first, c.Levels));
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ArgumentException("Duplicate design column names.", nameof(covariates));
        }

        var p = names.Count;
        var x = new double[n * p];
        for (var t = 0; t < covariates.Count; t++)
        {
            var c = covariates[t];
            var col = terms[t].FirstColumn;
            if (!c.IsCategorical)
            {
                var v = c.Numbers!;
                for (var i = 0; i < n; i++)
                {
                    x[(i * p) + col] = v[i];
                }

                continue;
            }

            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var l = 0; l < c.Levels.Count; l++)
            {
                index[c.Levels[l]] = l;
            }

            var labels = c.Labels!;
            for (var i = 0; i < n; i++)
            {
                var l = index[labels[i]];
                if (l > 0)
                {
                    x[(i * p) + col + l - 1] = 1.0;
                }
            }
        }

        return new DesignMatrix(n, [.. names], [.. terms], x);
    }

}
