using System.Buffers;
using System.Globalization;

namespace HccOutcomes.Analysis.Survival;

/// <summary>
/// Right-censored survival data, validated and sorted once, shared by <see cref="KaplanMeier"/>,
/// <see cref="WeightedLogRankTest"/>, <see cref="CoxRegression"/> and the other survival methods.
/// </summary>
/// <remarks>
/// <para>
/// Sorting: subjects are ordered by ascending time and, at equal times, events before censorings (the order
/// R's <c>survfit</c>/<c>coxph</c> use: a subject censored at t is at risk for events at t), then by input
/// position. The sort key is the IEEE-754 bit pattern of the (non-negative) time with the censoring flag appended;
/// it is sorted once, by a counting sort over the distinct keys when there are at most 65,536 of them (tied data),
/// else by a stable LSD radix sort: O(n) either way.
/// </para>
/// <para>
/// Tied times: like R's <c>survival</c> (<c>timefix = TRUE</c>, function <c>aeqSurv</c>), distinct times whose
/// difference d satisfies d ≤ √ε or d / mean(|unique times|) ≤ √ε (√ε = 1.49e−8) are treated as tied and
/// replaced by the first time of their chain, so floating-point noise (e.g. days/30.44) cannot split a tie.
/// Pass <c>timeFix: false</c> to keep times exactly as given.
/// </para>
/// <para>
/// Validation: <see cref="ArgumentException"/> naming the argument for empty input, mismatched lengths,
/// NaN/infinite/negative time, a group index out of range, a group without subjects, duplicate or empty group
/// names, and non-finite or mis-sized covariates.
/// </para>
/// </remarks>
public sealed class SurvivalSample
{
    private readonly int[] _groupSizes;
    private readonly int[] _groupEvents;

    private int[]? _blockStart;
    private int[]? _blockDeaths;

    private SurvivalSample(
        double[] time, byte[] status, int[] group, int[] order, string[] groupNames,
        string[] covariateNames, double[][] covariates)
    {
        Time = time;
        Status = status;
        Group = group;
        Order = order;
        GroupNames = groupNames;
        CovariateNames = covariateNames;
        Covariates = covariates;

        var k = groupNames.Length;
        _groupSizes = new int[k];
        _groupEvents = new int[k];
        var n = time.Length;
        var events = 0;
        for (var i = 0; i < n; i++)
        {
            _groupSizes[group[i]]++;
            _groupEvents[group[i]] += status[i];
            events += status[i];
        }

        EventCount = events;
        for (var g = 0; g < k; g++)
        {
            if (_groupSizes[g] == 0)
            {
                throw new ArgumentException($"Group '{groupNames[g]}' has no subjects.", "groupNames");
            }
        }
    }

    /// <summary>Number of subjects.</summary>
    public int Count => Time.Length;

    /// <summary>Total number of events.</summary>
    public int EventCount { get; }

    /// <summary>Number of groups (levels). The first group is the reference level for Cox models.</summary>
    public int GroupCount => GroupNames.Count;

    /// <summary>Group names, in level order (index 0 = reference).</summary>
    public IReadOnlyList<string> GroupNames { get; }

    /// <summary>Names of the numeric covariates held by the sample, in column order.</summary>
    public IReadOnlyList<string> CovariateNames { get; }

    /// <summary>Number of subjects in each group.</summary>
    public IReadOnlyList<int> GroupSizes => _groupSizes;

    /// <summary>Number of events in each group.</summary>
    public IReadOnlyList<int> GroupEventCounts => _groupEvents;

    /// <summary>Times in sorted order (after the tie fix).</summary>
    public ReadOnlySpan<double> SortedTimes => Time;

    /// <summary>For each sorted position, the index of the subject in the input order.</summary>
    public ReadOnlySpan<int> SortOrder => Order;

    internal double[] Time { get; }

    internal byte[] Status { get; }

    internal int[] Group { get; }

    internal int[] Order { get; }

    internal double[][] Covariates { get; }

    /// <summary>
    /// The same subjects with the event indicator flipped (censoring becomes the event), as R's
    /// <c>Surv(time, 1 - event)</c>: the sample of the reverse Kaplan–Meier method. Within tied times the new events
    /// come first, as in a sample built from the flipped data; covariates are not carried over. Linear, no new sort.
    /// </summary>
    /// <returns>The reversed sample.</returns>
    public SurvivalSample Reversed()
    {
        var n = Time.Length;
        var status = new byte[n];
        for (var i = 0; i < n; i++)
        {
            status[i] = (byte)(1 - Status[i]);
        }

        var time = (double[])Time.Clone();
        var group = (int[])Group.Clone();
        var order = (int[])Order.Clone();
        ReorderTies(time, status, group, order);
        return new SurvivalSample(time, status, group, order, [.. GroupNames], [], []);
    }

    /// <summary>
    /// Start of each block of tied (equal) sorted times, plus a final entry n; computed once, on first use.
    /// </summary>
    internal int[] BlockStart
    {
        get
        {
            EnsureBlocks();
            return _blockStart!;
        }
    }

    /// <summary>Number of events in each block of tied times.</summary>
    internal int[] BlockDeaths
    {
        get
        {
            EnsureBlocks();
            return _blockDeaths!;
        }
    }

    /// <summary>
    /// Builds a sample from group indices.
    /// </summary>
    /// <param name="time">Follow-up time per subject; finite and ≥ 0.</param>
    /// <param name="eventObserved">True when the subject had the event at <paramref name="time"/>, false when censored.</param>
    /// <param name="groupIndex">Group index per subject in [0, number of groups); null puts everyone in one group.</param>
    /// <param name="groupNames">Names of the groups, index 0 first (reference); null names them "1", "2", ….</param>
    /// <param name="covariates">Optional numeric covariates (original subject order).</param>
    /// <param name="timeFix">Merge times that differ only by floating-point noise, as R's <c>aeqSurv</c>.</param>
    /// <returns>The prepared, sorted sample.</returns>
    /// <exception cref="ArgumentException">Invalid input; the parameter name identifies the offending argument.</exception>
    public static SurvivalSample Create(
        IReadOnlyList<double> time,
        IReadOnlyList<bool> eventObserved,
        IReadOnlyList<int>? groupIndex = null,
        IReadOnlyList<string>? groupNames = null,
        IReadOnlyList<Covariate>? covariates = null,
        bool timeFix = true)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(eventObserved);
        var n = time.Count;
        if (n == 0)
        {
            throw new ArgumentException("At least one subject is required.", nameof(time));
        }

        if (eventObserved.Count != n)
        {
            throw new ArgumentException($"Expected {n} event indicators (one per time) but got {eventObserved.Count}.", nameof(eventObserved));
        }

        if (groupIndex is not null && groupIndex.Count != n)
        {
            throw new ArgumentException($"Expected {n} group indices (one per time) but got {groupIndex.Count}.", nameof(groupIndex));
        }

        int k;
        if (groupIndex is null)
        {
            k = 1;
        }
        else if (groupNames is not null)
        {
            k = groupNames.Count;
        }
        else
        {
            var max = -1;
            for (var i = 0; i < n; i++)
            {
                max = Math.Max(max, groupIndex[i]);
            }

            k = max + 1;
        }

        if (k < 1)
        {
            throw new ArgumentException("At least one group is required.", nameof(groupNames));
        }

        var names = new string[k];
        if (groupNames is null)
        {
            for (var g = 0; g < k; g++)
            {
                names[g] = (g + 1).ToString(CultureInfo.InvariantCulture);
            }
        }
        else
        {
            if (groupIndex is null && groupNames.Count != 1)
            {
                throw new ArgumentException("Without group indices exactly one group name is expected.", nameof(groupNames));
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var g = 0; g < k; g++)
            {
                var name = groupNames[g];
                if (string.IsNullOrEmpty(name))
                {
                    throw new ArgumentException($"Group name {g} is null or empty.", nameof(groupNames));
                }

                if (!seen.Add(name))
                {
                    throw new ArgumentException($"Duplicate group name '{name}'.", nameof(groupNames));
                }

                names[g] = name;
            }
        }

        // Validate and build the sort keys in one pass: for t ≥ 0 the IEEE bits are monotone in t and the sign bit
        // is 0, so key = bits·2 + (censored ? 1 : 0) orders by time, then events before censorings.
        var keys = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            if (time is double[] tArr && eventObserved is bool[] eArr)
            {
                for (var i = 0; i < n; i++)
                {
                    keys[i] = Key(tArr[i], eArr[i], i);
                }
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    keys[i] = Key(time[i], eventObserved[i], i);
                }
            }

            // Validate the group indices and, for up to 256 groups, compact them to bytes so that the gather into
            // sorted order below reads a cache-resident array.
            var groupBytes = groupIndex is not null && k <= 256 ? new byte[n] : null;
            if (groupIndex is not null)
            {
                var gArr = groupIndex as int[];
                for (var i = 0; i < n; i++)
                {
                    var gi = gArr is not null ? gArr[i] : groupIndex[i];
                    if (gi < 0 || gi >= k)
                    {
                        throw new ArgumentException($"groupIndex[{i}] = {gi} is outside [0, {k}).", nameof(groupIndex));
                    }

                    if (groupBytes is not null)
                    {
                        groupBytes[i] = (byte)gi;
                    }
                }
            }

            var covNames = ValidateCovariates(covariates, n);

            var order = SortIndex(keys, n);
            var sTime = new double[n];
            var sStatus = new byte[n];
            var sGroup = new int[n];
            for (var i = 0; i < n; i++)
            {
                var key = keys[i];
                sTime[i] = BitConverter.UInt64BitsToDouble(key >> 1);
                sStatus[i] = (byte)(1 - (int)(key & 1));
            }

            if (groupBytes is not null)
            {
                for (var i = 0; i < n; i++)
                {
                    sGroup[i] = groupBytes[order[i]];
                }
            }
            else if (groupIndex is not null)
            {
                for (var i = 0; i < n; i++)
                {
                    sGroup[i] = groupIndex[order[i]];
                }
            }

            if (timeFix && ApplyTimeFix(sTime))
            {
                ReorderTies(sTime, sStatus, sGroup, order);
            }

            var sCov = new double[covNames.Length][];
            for (var c = 0; c < covNames.Length; c++)
            {
                var src = covariates![c].Values;
                var dst = new double[n];
                if (src is double[] arr)
                {
                    for (var i = 0; i < n; i++)
                    {
                        dst[i] = arr[order[i]];
                    }
                }
                else
                {
                    for (var i = 0; i < n; i++)
                    {
                        dst[i] = src[order[i]];
                    }
                }

                sCov[c] = dst;
            }

            return new SurvivalSample(sTime, sStatus, sGroup, order, names, covNames, sCov);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }
    /// <summary>
    /// Builds a sample from group labels.
    /// </summary>
    /// <param name="time">Follow-up time per subject; finite and ≥ 0.</param>
    /// <param name="eventObserved">True when the subject had the event, false when censored.</param>
    /// <param name="groups">Group label per subject (non-empty).</param>
    /// <param name="groupOrder">Optional level order (the first is the reference). Every label must be listed and
    /// every listed level must occur. Default: order of first appearance.</param>
    /// <param name="covariates">Optional numeric covariates (original subject order).</param>
    /// <param name="timeFix">Merge times that differ only by floating-point noise, as R's <c>aeqSurv</c>.</param>
    /// <returns>The prepared, sorted sample.</returns>
    /// <exception cref="ArgumentException">Invalid input; the parameter name identifies the offending argument.</exception>
    public static SurvivalSample FromLabels(
        IReadOnlyList<double> time,
        IReadOnlyList<bool> eventObserved,
        IReadOnlyList<string> groups,
        IReadOnlyList<string>? groupOrder = null,
        IReadOnlyList<Covariate>? covariates = null,
        bool timeFix = true)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count != time.Count)
        {
            throw new ArgumentException($"Expected {time.Count} group labels (one per time) but got {groups.Count}.", nameof(groups));
        }

        var levels = new List<string>();
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        if (groupOrder is not null)
        {
            foreach (var level in groupOrder)
            {
                if (string.IsNullOrEmpty(level))
                {
                    throw new ArgumentException("groupOrder contains a null or empty level.", nameof(groupOrder));
                }

                if (!map.TryAdd(level, levels.Count))
                {
                    throw new ArgumentException($"groupOrder lists '{level}' twice.", nameof(groupOrder));
                }

                levels.Add(level);
            }
        }

        var index = new int[groups.Count];
        var groupArray = groups as string[];
        string? lastLabel = null;
        var lastIndex = -1;
        for (var i = 0; i < groups.Count; i++)
        {
            var label = groupArray is not null ? groupArray[i] : groups[i];
            if (label is not null && ReferenceEquals(label, lastLabel))
            {
                index[i] = lastIndex;
                continue;
            }

            if (string.IsNullOrEmpty(label))
            {
                throw new ArgumentException($"groups[{i}] is missing.", nameof(groups));
            }

            var gi = -1;
            if (levels.Count <= 16)
            {
                for (var g = 0; g < levels.Count; g++)
                {
                    if (string.Equals(levels[g], label, StringComparison.Ordinal))
                    {
                        gi = g;
                        break;
                    }
                }
            }
            else if (map.TryGetValue(label, out var found))
            {
                gi = found;
            }

            if (gi < 0)
            {
                if (groupOrder is not null)
                {
                    throw new ArgumentException($"groups[{i}] = '{label}' is not listed in groupOrder.", nameof(groups));
                }

                gi = levels.Count;
                map.Add(label, gi);
                levels.Add(label);
            }

            index[i] = gi;
            lastLabel = label;
            lastIndex = gi;
        }

        if (groupOrder is not null)
        {
            var present = new bool[levels.Count];
            foreach (var gi in index)
            {
                present[gi] = true;
            }

            for (var g = 0; g < levels.Count; g++)
            {
                if (!present[g])
                {
                    throw new ArgumentException($"groupOrder level '{levels[g]}' has no subjects.", nameof(groupOrder));
                }
            }
        }

        return Create(time, eventObserved, index, levels, covariates, timeFix);
    }

    /// <summary>Index of the named covariate, or −1.</summary>
    /// <param name="name">Covariate name.</param>
    /// <returns>The column index, or −1 when the sample has no such covariate.</returns>
    public int IndexOfCovariate(string name)
    {
        for (var c = 0; c < CovariateNames.Count; c++)
        {
            if (string.Equals(CovariateNames[c], name, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return -1;
    }

    /// <summary>Throws when the sample has fewer than two groups.</summary>
    internal void RequireTwoGroups(string paramName)
    {
        if (GroupCount < 2)
        {
            throw new ArgumentException("At least two groups are required for this analysis.", paramName);
        }
    }

    /// <summary>Validates one time and returns its sort key (see <see cref="Create"/>).</summary>
    private static ulong Key(double ti, bool eventObserved, int i)
    {
        if (!(ti >= 0) || double.IsPositiveInfinity(ti))
        {
            if (double.IsNaN(ti))
            {
                throw new ArgumentException($"time[{i}] is NaN.", "time");
            }

            if (double.IsInfinity(ti))
            {
                throw new ArgumentException($"time[{i}] is infinite.", "time");
            }

            throw new ArgumentException($"time[{i}] = {ti.ToString(CultureInfo.InvariantCulture)} is negative.", "time");
        }

        if (ti == 0)
        {
            ti = 0.0; // normalise -0.0
        }

        return (BitConverter.DoubleToUInt64Bits(ti) << 1) | (eventObserved ? 0UL : 1UL);
    }

    /// <summary>Validates the covariates (names, lengths, finiteness) and returns their names.</summary>
    private static string[] ValidateCovariates(IReadOnlyList<Covariate>? covariates, int n)
    {
        if (covariates is null || covariates.Count == 0)
        {
            return [];
        }

        var names = new string[covariates.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < covariates.Count; c++)
        {
            var cov = covariates[c] ?? throw new ArgumentException($"Covariate {c} is null.", nameof(covariates));
            if (string.IsNullOrEmpty(cov.Name))
            {
                throw new ArgumentException($"Covariate {c} has no name.", nameof(covariates));
            }

            if (!seen.Add(cov.Name))
            {
                throw new ArgumentException($"Duplicate covariate '{cov.Name}'.", nameof(covariates));
            }

            if (cov.Values is null || cov.Values.Count != n)
            {
                throw new ArgumentException($"Covariate '{cov.Name}' must have {n} values.", nameof(covariates));
            }

            var values = cov.Values;
            var arr = values as double[];
            for (var i = 0; i < n; i++)
            {
                if (!double.IsFinite(arr is not null ? arr[i] : values[i]))
                {
                    throw new ArgumentException($"Covariate '{cov.Name}'[{i}] is not a finite number.", nameof(covariates));
                }
            }

            names[c] = cov.Name;
        }

        return names;
    }

    /// <summary>
    /// Sorts <paramref name="keys"/>[0..n) in place and returns the permutation (sorted position → input index).
    /// Stable LSD radix sort, 11-bit digits (at most 6 passes; passes where every key has the same digit are
    /// skipped), temporaries from the shared array pool. Small inputs use a comparison sort.
    /// </summary>
    private static int[] SortIndex(ulong[] keys, int n)
    {
        var idx = new int[n];
        for (var i = 0; i < n; i++)
        {
            idx[i] = i;
        }

        if (n < 4096)
        {
            // Keys are unique up to ties; Array.Sort is unstable, so sort (key, index) pairs via the index.
            var sub = new ulong[n];
            Array.Copy(keys, sub, n);
            Array.Sort(idx, (x, y) =>
            {
                var c = sub[x].CompareTo(sub[y]);
                return c != 0 ? c : x.CompareTo(y);
            });
            for (var i = 0; i < n; i++)
            {
                keys[i] = sub[idx[i]];
            }

            return idx;
        }

        if (TrySortFewDistinct(keys, n, idx))
        {
            return idx;
        }

        const int Bits = 11;
        const int Buckets = 1 << Bits;
        const int Passes = 6;
        const ulong Mask = Buckets - 1;
        var counts = new int[Passes * Buckets];
        for (var i = 0; i < n; i++)
        {
            var k = keys[i];
            counts[(int)(k & Mask)]++;
            counts[Buckets + (int)((k >> 11) & Mask)]++;
            counts[(2 * Buckets) + (int)((k >> 22) & Mask)]++;
            counts[(3 * Buckets) + (int)((k >> 33) & Mask)]++;
            counts[(4 * Buckets) + (int)((k >> 44) & Mask)]++;
            counts[(5 * Buckets) + (int)(k >> 55)]++;
        }

        var keys2 = ArrayPool<ulong>.Shared.Rent(n);
        var idx2 = ArrayPool<int>.Shared.Rent(n);
        ulong[] srcK = keys, dstK = keys2;
        int[] srcI = idx, dstI = idx2;
        try
        {
            var offs = new int[Buckets];
            for (var pass = 0; pass < Passes; pass++)
            {
                var baseC = pass * Buckets;
                var trivial = false;
                for (var b = 0; b < Buckets && !trivial; b++)
                {
                    trivial = counts[baseC + b] == n;
                }

                if (trivial)
                {
                    continue; // every key has the same digit: the pass would not move anything
                }

                var sum = 0;
                for (var b = 0; b < Buckets; b++)
                {
                    offs[b] = sum;
                    sum += counts[baseC + b];
                }

                var shift = pass * Bits;
                for (var i = 0; i < n; i++)
                {
                    var k = srcK[i];
                    var o = offs[(int)((k >> shift) & Mask)]++;
                    dstK[o] = k;
                    dstI[o] = srcI[i];
                }

                (srcK, dstK) = (dstK, srcK);
                (srcI, dstI) = (dstI, srcI);
            }

            if (!ReferenceEquals(srcK, keys))
            {
                Array.Copy(srcK, keys, n);
            }

            if (!ReferenceEquals(srcI, idx))
            {
                Array.Copy(srcI, idx, n);
            }

            return idx;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys2);
            ArrayPool<int>.Shared.Return(idx2);
        }
    }

    /// <summary>
    /// Counting sort for inputs with few distinct keys (heavily tied times, the usual case for times recorded in
    /// days or rounded months): the distinct keys are collected in an open-addressing hash table, sorted, and the
    /// subjects are then placed by a stable counting pass. Gives up (returns false, leaving the inputs untouched)
    /// as soon as more than 65,536 distinct keys are seen; the caller then uses the radix sort.
    /// </summary>
    private static bool TrySortFewDistinct(ulong[] keys, int n, int[] order)
    {
        const int TableBits = 17;
        const int Capacity = 1 << TableBits;   // load factor ≤ 0.5
        const int MaxDistinct = Capacity / 2;
        const ulong Empty = ulong.MaxValue;     // never a key: it would be the pattern of a NaN time
        var table = ArrayPool<ulong>.Shared.Rent(Capacity);
        var slotId = ArrayPool<int>.Shared.Rent(Capacity);
        var ids = ArrayPool<int>.Shared.Rent(n);
        try
        {
            Array.Fill(table, Empty, 0, Capacity);
            var distinctKeys = new ulong[MaxDistinct];
            var distinct = 0;
            for (var i = 0; i < n; i++)
            {
                var key = keys[i];
                var slot = (int)((key * 0x9E3779B97F4A7C15UL) >> (64 - TableBits));
                while (true)
                {
                    var found = table[slot];
                    if (found == key)
                    {
                        ids[i] = slotId[slot];
                        break;
                    }

                    if (found == Empty)
                    {
                        if (distinct == MaxDistinct)
                        {
                            return false;
                        }

                        table[slot] = key;
                        slotId[slot] = distinct;
                        distinctKeys[distinct] = key;
                        ids[i] = distinct++;
                        break;
                    }

                    slot = (slot + 1) & (Capacity - 1);
                }
            }

            // Rank the distinct keys, then place subjects stably by rank.
            var sortedKeys = new ulong[distinct];
            var byRank = new int[distinct];
            for (var d = 0; d < distinct; d++)
            {
                sortedKeys[d] = distinctKeys[d];
                byRank[d] = d;
            }

            Array.Sort(sortedKeys, byRank); // keys are distinct, so stability does not matter here
            var rank = new int[distinct];
            for (var r = 0; r < distinct; r++)
            {
                rank[byRank[r]] = r;
            }

            var count = new int[distinct + 1];
            for (var i = 0; i < n; i++)
            {
                count[rank[ids[i]] + 1]++;
            }

            for (var r = 0; r < distinct; r++)
            {
                count[r + 1] += count[r];
            }

            for (var r = 0; r < distinct; r++)
            {
                Array.Fill(keys, sortedKeys[r], count[r], count[r + 1] - count[r]);
            }

            for (var i = 0; i < n; i++)
            {
                order[count[rank[ids[i]]]++] = i;
            }

            return true;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(table);
            ArrayPool<int>.Shared.Return(slotId);
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    private void EnsureBlocks()
    {
        if (Volatile.Read(ref _blockDeaths) is not null)
        {
            return;
        }

        var t = Time;
        var st = Status;
        var n = t.Length;
        var nb = 0;
        for (var i = 0; i < n; i++)
        {
            if (i == 0 || t[i] != t[i - 1])
            {
                nb++;
            }
        }

        var starts = new int[nb + 1];
        var deaths = new int[nb];
        var b = -1;
        for (var i = 0; i < n; i++)
        {
            if (i == 0 || t[i] != t[i - 1])
            {
                starts[++b] = i;
            }

            deaths[b] += st[i];
        }

        starts[nb] = n;
        _blockStart = starts;
        Volatile.Write(ref _blockDeaths, deaths);
    }

    /// <summary>R's <c>aeqSurv</c> on sorted times. Returns true when any time was changed.</summary>
    private static bool ApplyTimeFix(double[] sorted)
    {
        var n = sorted.Length;
        double sumAbs = 0;
        var unique = 0;
        for (var i = 0; i < n; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                sumAbs += Math.Abs(sorted[i]);
                unique++;
            }
        }

        if (unique < 2)
        {
            return false;
        }

        var meanAbs = sumAbs / unique;
        var any = false;
        var prevUnique = sorted[0];
        var cut = sorted[0];
        for (var i = 1; i < n; i++)
        {
            var v = sorted[i];
            if (v == prevUnique)
            {
                sorted[i] = cut;
                continue;
            }

            var dy = v - prevUnique;
            prevUnique = v;
            if (dy <= SurvivalMath.SqrtEps || dy / meanAbs <= SurvivalMath.SqrtEps)
            {
                sorted[i] = cut;
                any = true;
            }
            else
            {
                cut = v;
            }
        }

        return any;
    }

    /// <summary>Within runs of equal (fixed) times, moves events before censorings, stably.</summary>
    private static void ReorderTies(double[] time, byte[] status, int[] group, int[] order)
    {
        var n = time.Length;
        var tmpOrder = new List<int>();
        var tmpGroup = new List<int>();
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && time[end] == time[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                tmpOrder.Clear();
                tmpGroup.Clear();
                for (var pass = 1; pass >= 0; pass--)
                {
                    for (var i = start; i < end; i++)
                    {
                        if (status[i] == pass)
                        {
                            tmpOrder.Add(order[i]);
                            tmpGroup.Add(group[i]);
                        }
                    }
                }

                var ev = 0;
                for (var i = start; i < end; i++)
                {
                    ev += status[i];
                }

                for (var i = start; i < end; i++)
                {
                    order[i] = tmpOrder[i - start];
                    group[i] = tmpGroup[i - start];
                    status[i] = (byte)(i - start < ev ? 1 : 0);
                }
            }

            start = end;
        }
    }
}
