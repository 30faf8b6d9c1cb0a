using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using HccOutcomes.Analysis.Adjusted;
using HccOutcomes.Analysis.Survival;
using HccOutcomes.Api.Contracts.Analyses;
using HccOutcomes.Api.Errors;
using HccOutcomes.Api.Hosting;

namespace HccOutcomes.Api.Analyses;

/// <summary>The adjusted-analysis parts of a survival request (all null/false when absent).</summary>
/// <param name="Weights">Case weights (null: all 1).</param>
/// <param name="Strata">Stratum code per subject (null: none).</param>
/// <param name="Clusters">Cluster code per subject (null: none).</param>
/// <param name="Covariates">The requested covariates, numeric or categorical, in request order.</param>
/// <param name="Robust">Sandwich variance (implied by clusters).</param>
/// <param name="PhTest">Run cox.zph.</param>
/// <param name="RmstTau">RMST truncation time (null: none).</param>
/// <param name="Time">Times, request order.</param>
/// <param name="Event">Events, request order.</param>
/// <param name="Group">Group index (in <see cref="SurvivalSample.GroupNames"/> order), request order.</param>
internal sealed record SurvivalAdjustment(
    double[]? Weights, int[]? Strata, int[]? Clusters, IReadOnlyList<ModelCovariate> Covariates, bool Robust, bool PhTest, double? RmstTau,
    double[] Time, bool[] Event, int[] Group)
{
    /// <summary>True when the Cox model needs the weighted/stratified/robust engine.</summary>
    public bool NeedsAdjustedCox => Weights is not null || Strata is not null || Clusters is not null || Robust || PhTest
        || Covariates.Any(c => c.IsCategorical);
}

/// <summary>
/// Reads a <see cref="SurvivalRequest"/> body as a stream of JSON tokens straight into columns (time, event,
/// group index, covariates), never materialising one object per subject. Memory stays proportional to the
/// number of subjects times a few bytes, which is what lets one request carry millions of subjects.
/// Every problem is reported with its JSON path (<c>subjects[41].time</c>). The JSON names are those of the contract
/// types <see cref="SurvivalRequest"/> and <see cref="SurvivalSubject"/>, as the API's serializer names them.
/// </summary>
internal sealed class SurvivalRequestReader
{
    private const int MaxErrors = 50;

    /// <summary>The most groups one request may compare.</summary>
    public const int MaxGroups = 50;

    /// <summary>The most subjects one request may carry (about 60 MiB of JSON; the analysis then takes about a second of a core).</summary>
    public const int MaxSubjects = 1_000_000;

    private enum Context { Root, Subjects, Subject, SubjectCovariates, StringList, NumberList, Rmst, Skip }

    private enum RequestField { Unknown, Subjects, GroupOrder, Covariates, Landmarks, ConfidenceLevel, CiTransform, MedianConvention, Ties, Robust, PhTest, Rmst }

    private enum SubjectField { Unknown, Time, Event, Group, Covariates, Weight, Stratum, Cluster }

    // The request's members by JSON name.
    private static readonly Dictionary<string, RequestField> RequestFields = new(StringComparer.Ordinal)
    {
        [Names.Subjects] = RequestField.Subjects,
        [Names.GroupOrder] = RequestField.GroupOrder,
        [Names.Covariates] = RequestField.Covariates,
        [Names.Landmarks] = RequestField.Landmarks,
        [Names.ConfidenceLevel] = RequestField.ConfidenceLevel,
        [Names.CiTransform] = RequestField.CiTransform,
        [Names.MedianConvention] = RequestField.MedianConvention,
        [Names.Ties] = RequestField.Ties,
        [Names.Robust] = RequestField.Robust,
        [Names.PhTest] = RequestField.PhTest,
        [Names.Rmst] = RequestField.Rmst,
    };

    // A subject's members, as UTF-8 to compare each subject's property names without decoding them.
    private static readonly (byte[] Utf8, SubjectField Field)[] SubjectFields =
    [
        (Encoding.UTF8.GetBytes(Names.Time), SubjectField.Time),
        (Encoding.UTF8.GetBytes(Names.Event), SubjectField.Event),
        (Encoding.UTF8.GetBytes(Names.Group), SubjectField.Group),
        (Encoding.UTF8.GetBytes(Names.SubjectCovariates), SubjectField.Covariates),
        (Encoding.UTF8.GetBytes(Names.Weight), SubjectField.Weight),
        (Encoding.UTF8.GetBytes(Names.Stratum), SubjectField.Stratum),
        (Encoding.UTF8.GetBytes(Names.Cluster), SubjectField.Cluster),
    ];

    private readonly Stack<Context> _stack = new();
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);
    private string? _property;
    private int _skipDepth;

    // Columns.
    private double[] _time = new double[1024];
    private bool[] _event = new bool[1024];
    private int[] _group = new int[1024];
    private int _count;
    private readonly List<string> _groupNames = [];
    private readonly List<byte[]> _groupNameBytes = [];
    private readonly Dictionary<string, double[]> _covariates = new(StringComparer.Ordinal);

    // Adjusted analyses: case weights (NaN: not given), stratum and cluster codes (−1: not given), string covariates.
    private double[]? _weight;
    private int[]? _stratum;
    private int[]? _cluster;
    private readonly Dictionary<string, int> _stratumCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _clusterCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?[]> _labels = new(StringComparer.Ordinal);
    private bool _robust;
    private bool _phTest;
    private double? _rmstTau;
    private bool _rmstGiven;

    // The member whose value comes next.
    private RequestField _requestField;
    private SubjectField _subjectField;

    // The subject being read.
    private bool _hasTime;
    private bool _hasEvent;
    private bool _hasGroup;

    // Top-level members.
    private List<string>? _groupOrder;
    private List<string>? _covariateNames;
    private List<double>? _landmarks;
    private RequestField _listField;
    private double? _level;
    private ConfidenceTransform _transform = ConfidenceTransform.Log;
    private MedianConvention _median = MedianConvention.R;
    private CoxTies _ties = CoxTies.Efron;
    private bool _sawSubjects;
    private bool _sawRoot;

    /// <summary>The parsed request, validated.</summary>
    public sealed record Parsed(SurvivalSample Sample, SurvivalAnalysisOptions Options, SurvivalAdjustment Adjustment);

    /// <summary>The JSON names of the request's members that the reader reads.</summary>
    internal static IReadOnlyCollection<string> RequestNames => RequestFields.Keys;

    /// <summary>The JSON names of a subject's members that the reader reads.</summary>
    internal static IReadOnlyList<string> SubjectNames => [.. SubjectFields.Select(f => Encoding.UTF8.GetString(f.Utf8))];

    public static async Task<Parsed> ReadAsync(PipeReader body, CancellationToken cancellationToken)
    {
        var reader = new SurvivalRequestReader();
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (true)
            {
                var result = await body.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                long consumed;
                try
                {
                    consumed = reader.Consume(buffer, result.IsCompleted, ref state);
                }
                catch
                {
                    // A rejected body still ends the read: otherwise the server cannot drain the rest of it after the
                    // 400 ("reading is already in progress", logged by Kestrel as an error for a client's mistake).
                    body.AdvanceTo(buffer.End);
                    throw;
                }

                body.AdvanceTo(buffer.GetPosition(consumed), buffer.End);
                if (result.IsCompleted)
                {
                    if (reader._stack.Count != 0 || !reader._sawRoot)
                    {
                        throw RequestValidationException.For("body", "The JSON body is incomplete.");
                    }

                    break;
                }
            }
        }
        catch (JsonException e)
        {
            throw RequestValidationException.For("body", $"The body is not valid JSON ({e.Message.Split(" Path:")[0]}).");
        }

        return reader.Finish();
    }

    private long Consume(ReadOnlySequence<byte> buffer, bool final, ref JsonReaderState state)
    {
        var json = new Utf8JsonReader(buffer, final, state);
        while (json.Read())
        {
            Token(ref json);
        }

        state = json.CurrentState;
        return json.BytesConsumed;
    }

    private void Token(ref Utf8JsonReader json)
    {
        var token = json.TokenType;
        if (_stack.Count == 0)
        {
            if (token != JsonTokenType.StartObject)
            {
                throw RequestValidationException.For("body", "The body must be a JSON object.");
            }

            _stack.Push(Context.Root);
            _sawRoot = true;
            return;
        }

        switch (_stack.Peek())
        {
            case Context.Skip:
                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    _skipDepth++;
                }
                else if (token is JsonTokenType.EndObject or JsonTokenType.EndArray && --_skipDepth == 0)
                {
                    _stack.Pop();
                }

                return;
            case Context.Root:
                RootToken(ref json);
                return;
            case Context.Subjects:
                if (token == JsonTokenType.StartObject)
                {
                    StartSubject();
                    _stack.Push(Context.Subject);
                }
                else if (token == JsonTokenType.EndArray)
                {
                    _stack.Pop();
                }
                else
                {
                    Error($"{Names.Subjects}[{_count}]", "Each subject must be an object.");
                    SkipValue(token);
                }

                return;
            case Context.Subject:
                SubjectToken(ref json);
                return;
            case Context.SubjectCovariates:
                if (token == JsonTokenType.PropertyName)
                {
                    _property = json.GetString();
                }
                else if (token == JsonTokenType.EndObject)
                {
                    _stack.Pop();
                }
                else if (token == JsonTokenType.Number && json.TryGetDouble(out var v) && double.IsFinite(v))
                {
                    Column(_property!)[_count] = v;
                }
                else if (token == JsonTokenType.String && json.GetString() is { Length: > 0 } label)
                {
                    Labels(_property!)[_count] = label;
                }
                else
                {
                    Error($"{Names.Subjects}[{_count}].{Names.SubjectCovariates}.{_property}", "A covariate must be a finite number or a non-empty string (categorical).");
                    SkipValue(token);
                }

                return;
            case Context.StringList:
                ListToken(ref json);
                return;
            case Context.Rmst:
                if (token == JsonTokenType.PropertyName)
                {
                    _property = json.GetString();
                }
                else if (token == JsonTokenType.EndObject)
                {
                    _stack.Pop();
                }
                else if (_property == Names.Tau && token == JsonTokenType.Number && json.TryGetDouble(out var tau) && double.IsFinite(tau) && tau > 0)
                {
                    _rmstTau = tau;
                }
                else
                {
                    Error($"{Names.Rmst}.{_property}", _property == Names.Tau ? "tau must be a finite time > 0." : $"The JSON property '{_property}' is not part of rmst.");
                    SkipValue(token);
                }

                return;
            case Context.NumberList:
                if (token == JsonTokenType.EndArray)
                {
                    _stack.Pop();
                }
                else if (token == JsonTokenType.Number && json.TryGetDouble(out var t))
                {
                    _landmarks!.Add(t);
                }
                else
                {
                    Error($"{Names.Landmarks}[{_landmarks!.Count}]", "A landmark must be a number.");
                    SkipValue(token);
                }

                return;
        }
    }

    private void RootToken(ref Utf8JsonReader json)
    {
        var token = json.TokenType;
        if (token == JsonTokenType.PropertyName)
        {
            _property = json.GetString();
            _requestField = RequestFields.GetValueOrDefault(_property!);
            return;
        }

        if (token == JsonTokenType.EndObject)
        {
            _stack.Pop();
            return;
        }

        switch (_requestField)
        {
            case RequestField.Subjects when token == JsonTokenType.StartArray:
                _sawSubjects = true;
                _stack.Push(Context.Subjects);
                break;
            case RequestField.GroupOrder or RequestField.Covariates when token == JsonTokenType.StartArray:
                _listField = _requestField;
                if (_requestField == RequestField.GroupOrder)
                {
                    _groupOrder = [];
                }
                else
                {
                    _covariateNames = [];
                }

                _stack.Push(Context.StringList);
                break;
            case RequestField.Landmarks when token == JsonTokenType.StartArray:
                _landmarks = [];
                _stack.Push(Context.NumberList);
                break;
            case RequestField.ConfidenceLevel when token == JsonTokenType.Number:
                _level = json.GetDouble();
                break;
            case RequestField.CiTransform when token == JsonTokenType.String:
                _transform = Enum<ConfidenceTransform>(json.GetString(), Names.CiTransform);
                break;
            case RequestField.MedianConvention when token == JsonTokenType.String:
                _median = Enum<MedianConvention>(json.GetString(), Names.MedianConvention);
                break;
            case RequestField.Ties when token == JsonTokenType.String:
                _ties = Enum<CoxTies>(json.GetString(), Names.Ties);
                break;
            case RequestField.Robust when token is JsonTokenType.True or JsonTokenType.False:
                _robust = token == JsonTokenType.True;
                break;
            case RequestField.PhTest when token is JsonTokenType.True or JsonTokenType.False:
                _phTest = token == JsonTokenType.True;
                break;
            case RequestField.Rmst when token == JsonTokenType.StartObject:
                _rmstGiven = true;
                _stack.Push(Context.Rmst);
                break;
            case not RequestField.Unknown when token != JsonTokenType.Null:
                Error(_property!, $"'{_property}' has the wrong JSON type.");
                SkipValue(token);
                break;
            case not RequestField.Unknown and not RequestField.Subjects:
                // null leaves an optional member at its default; "subjects": null is reported as unknown below.
                break;
            default:
                Error(_property ?? "body", $"The JSON property '{_property}' is not part of the request.");
                SkipValue(token);
                break;
        }
    }

    private void SubjectToken(ref Utf8JsonReader json)
    {
        var token = json.TokenType;
        var path = $"{Names.Subjects}[{_count}]";
        if (token == JsonTokenType.PropertyName)
        {
            _subjectField = SubjectFieldOf(ref json);
            _property = _subjectField == SubjectField.Unknown ? json.GetString() : null;
            return;
        }

        if (token == JsonTokenType.EndObject)
        {
            _stack.Pop();
            EndSubject(path);
            return;
        }

        switch (_subjectField)
        {
            case SubjectField.Time:
                if (token == JsonTokenType.Number && json.TryGetDouble(out var t) && double.IsFinite(t) && t >= 0)
                {
                    _time[_count] = t;
                    _hasTime = true;
                }
                else
                {
                    Error($"{path}.{Names.Time}", $"{Names.Time} must be a finite number ≥ 0.");
                    SkipValue(token);
                }

                break;
            case SubjectField.Event:
                if (token is JsonTokenType.True or JsonTokenType.False)
                {
                    _event[_count] = token == JsonTokenType.True;
                    _hasEvent = true;
                }
                else if (token == JsonTokenType.Number && json.TryGetInt32(out var e) && e is 0 or 1)
                {
                    _event[_count] = e == 1;
                    _hasEvent = true;
                }
                else
                {
                    Error($"{path}.{Names.Event}", $"{Names.Event} must be true/false (or 1/0).");
                    SkipValue(token);
                }

                break;
            case SubjectField.Group:
                if (token == JsonTokenType.String && GroupIndex(ref json) is { } g)
                {
                    _group[_count] = g;
                    _hasGroup = true;
                }
                else
                {
                    Error($"{path}.{Names.Group}", $"{Names.Group} must be a non-empty string.");
                    SkipValue(token);
                }

                break;
            case SubjectField.Weight:
                if (token == JsonTokenType.Number && json.TryGetDouble(out var w) && double.IsFinite(w) && w > 0)
                {
                    Grow(ref _weight, double.NaN)[_count] = w;
                }
                else if (token != JsonTokenType.Null)
                {
                    Error($"{path}.{Names.Weight}", $"{Names.Weight} must be a finite number > 0.");
                    SkipValue(token);
                }

                break;
            case SubjectField.Stratum or SubjectField.Cluster:
                var stratum = _subjectField == SubjectField.Stratum;
                if (token == JsonTokenType.String && json.GetString() is { Length: > 0 } code)
                {
                    var codes = stratum ? _stratumCodes : _clusterCodes;
                    if (!codes.TryGetValue(code, out var c))
                    {
                        c = codes.Count;
                        codes[code] = c;
                    }

                    (stratum ? Grow(ref _stratum, -1) : Grow(ref _cluster, -1))[_count] = c;
                }
                else if (token != JsonTokenType.Null)
                {
                    var name = stratum ? Names.Stratum : Names.Cluster;
                    Error($"{path}.{name}", $"{name} must be a non-empty string.");
                    SkipValue(token);
                }

                break;
            case SubjectField.Covariates when token == JsonTokenType.StartObject:
                _stack.Push(Context.SubjectCovariates);
                break;
            case SubjectField.Covariates when token == JsonTokenType.Null:
                break;
            default:
                // Includes covariates of another JSON type, reported under their own name.
                var property = _property ?? Names.SubjectCovariates;
                Error($"{path}.{property}", $"The JSON property '{property}' is not part of a subject.");
                SkipValue(token);
                break;
        }
    }

    private static SubjectField SubjectFieldOf(ref Utf8JsonReader json)
    {
        foreach (var (utf8, field) in SubjectFields)
        {
            if (json.ValueTextEquals(utf8))
            {
                return field;
            }
        }

        return SubjectField.Unknown;
    }

    private void ListToken(ref Utf8JsonReader json)
    {
        var groupOrder = _listField == RequestField.GroupOrder;
        var list = groupOrder ? _groupOrder! : _covariateNames!;
        if (json.TokenType == JsonTokenType.EndArray)
        {
            _stack.Pop();
        }
        else if (json.TokenType == JsonTokenType.String && json.GetString() is { Length: > 0 } s)
        {
            list.Add(s);
        }
        else
        {
            Error($"{(groupOrder ? Names.GroupOrder : Names.Covariates)}[{list.Count}]", "Must be a non-empty string.");
            SkipValue(json.TokenType);
        }
    }

    private int? GroupIndex(ref Utf8JsonReader json)
    {
        // Few groups, many subjects: compare bytes rather than allocate a string per subject.
        for (var i = 0; i < _groupNameBytes.Count; i++)
        {
            if (json.ValueTextEquals(_groupNameBytes[i]))
            {
                return i;
            }
        }

        var name = json.GetString();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        _groupNames.Add(name);
        _groupNameBytes.Add(Encoding.UTF8.GetBytes(name));
        return _groupNames.Count - 1;
    }

    private void StartSubject()
    {
        // Refused at once, before more of the body is read.
        if (_count == MaxSubjects)
        {
            throw RequestValidationException.For(
                Names.Subjects, $"More than {MaxSubjects:N0} subjects; at most {MaxSubjects:N0} can be analysed in one request.");
        }

        if (_count == _time.Length)
        {
            var size = _time.Length * 2;
            Array.Resize(ref _time, size);
            Array.Resize(ref _event, size);
            Array.Resize(ref _group, size);
            GrowTo(ref _weight, size, double.NaN);
            GrowTo(ref _stratum, size, -1);
            GrowTo(ref _cluster, size, -1);
            foreach (var name in _labels.Keys.ToList())
            {
                var labels = _labels[name];
                Array.Resize(ref labels, size);
                _labels[name] = labels;
            }

            foreach (var name in _covariates.Keys.ToList())
            {
                var column = _covariates[name];
                var grown = new double[size];
                Array.Copy(column, grown, column.Length);
                Array.Fill(grown, double.NaN, column.Length, size - column.Length);
                _covariates[name] = grown;
            }
        }

        _hasTime = _hasEvent = _hasGroup = false;
    }

    private void EndSubject(string path)
    {
        if (!_hasTime && !_errors.ContainsKey($"{path}.{Names.Time}"))
        {
            Error($"{path}.{Names.Time}", $"{Names.Time} is required.");
        }

        if (!_hasEvent && !_errors.ContainsKey($"{path}.{Names.Event}"))
        {
            Error($"{path}.{Names.Event}", $"{Names.Event} is required.");
        }

        if (!_hasGroup && !_errors.ContainsKey($"{path}.{Names.Group}"))
        {
            Error($"{path}.{Names.Group}", $"{Names.Group} is required.");
        }

        _count++;
    }

    private double[] Column(string name)
    {
        if (!_covariates.TryGetValue(name, out var column))
        {
            column = new double[_time.Length];
            Array.Fill(column, double.NaN);
            _covariates[name] = column;
        }

        return column;
    }

    private string?[] Labels(string name)
    {
        if (!_labels.TryGetValue(name, out var labels))
        {
            labels = new string?[_time.Length];
            _labels[name] = labels;
        }

        return labels;
    }

    // The column, created at the current capacity and filled with the "not given" value when first needed.
    private T[] Grow<T>(ref T[]? column, T absent)
    {
        if (column is null)
        {
            column = new T[_time.Length];
            Array.Fill(column, absent);
        }

        return column;
    }

    private static void GrowTo<T>(ref T[]? column, int size, T absent)
    {
        if (column is null)
        {
            return;
        }

        var old = column.Length;
        Array.Resize(ref column, size);
        Array.Fill(column, absent, old, size - old);
    }

    private void SkipValue(JsonTokenType token)
    {
        if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            _skipDepth = 1;
            _stack.Push(Context.Skip);
        }
    }

    private T Enum<T>(string? value, string field) where T : struct, System.Enum
    {
        var names = EnumNames<T>.Names;
        var index = Array.FindIndex(names, n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            Error(field, $"'{value}' is not one of: {string.Join(", ", names)}.");
            return default;
        }

        return EnumNames<T>.Values[index];
    }

    private void Error(string path, string message)
    {
        if (_errors.Count < MaxErrors)
        {
            _errors.TryAdd(path, [message]);
        }
        else
        {
            throw new RequestValidationException(_errors, $"More than {MaxErrors} errors; the first {MaxErrors} are listed.");
        }
    }

    private Parsed Finish()
    {
        if (!_sawSubjects || _count == 0)
        {
            Error(Names.Subjects, "At least one subject is required.");
        }

        if (_level is { } level && !(level > 0 && level < 1))
        {
            Error(Names.ConfidenceLevel, $"{Names.ConfidenceLevel} must be between 0 and 1 (exclusive).");
        }

        foreach (var (landmark, i) in (_landmarks ?? []).Select((l, i) => (l, i)))
        {
            if (!double.IsFinite(landmark) || landmark < 0)
            {
                Error($"{Names.Landmarks}[{i}]", "A landmark must be a finite time ≥ 0.");
            }
        }

        var covariates = new List<Covariate>();
        var modelCovariates = new List<(string Name, double[]? Numbers, string[]? Labels)>();
        foreach (var (name, i) in (_covariateNames ?? []).Select((n, i) => (n, i)))
        {
            if (_labels.TryGetValue(name, out var labels))
            {
                var numbers = _covariates.GetValueOrDefault(name);
                var gap = Array.FindIndex(labels, 0, _count, l => l is null);
                if (gap >= 0)
                {
                    Error($"{Names.Subjects}[{gap}].{Names.SubjectCovariates}.{name}", numbers is not null && !double.IsNaN(numbers[gap])
                        ? $"Covariate '{name}' is a string (categorical) for other subjects and a number here."
                        : $"Covariate '{name}' is missing for this subject.");
                    continue;
                }

                var categorical = labels[.._count].Select(l => l!).ToArray();
                if (categorical.Distinct(StringComparer.Ordinal).Count() < 2)
                {
                    Error($"{Names.Covariates}[{i}]", $"Categorical covariate '{name}' has a single level; it cannot be estimated.");
                    continue;
                }

                modelCovariates.Add((name, null, categorical));
                continue;
            }

            if (!_covariates.TryGetValue(name, out var column))
            {
                Error($"{Names.Covariates}[{i}]", $"Unknown covariate '{name}': no subject has it.");
                continue;
            }

            var missing = Array.FindIndex(column, 0, _count, double.IsNaN);
            if (missing >= 0)
            {
                Error($"{Names.Subjects}[{missing}].{Names.SubjectCovariates}.{name}", $"Covariate '{name}' is missing for this subject.");
                continue;
            }

            covariates.Add(new Covariate(name, new ArraySegment<double>(column, 0, _count)));
            modelCovariates.Add((name, column[.._count], null));
        }

        CheckComplete(_stratum, -1, Names.Stratum);
        CheckComplete(_cluster, -1, Names.Cluster);
        if (_rmstGiven && _rmstTau is null && !_errors.Keys.Any(k => k.StartsWith(Names.Rmst, StringComparison.Ordinal)))
        {
            Error($"{Names.Rmst}.{Names.Tau}", "tau is required.");
        }

        foreach (var (name, i) in (_groupOrder ?? []).Select((n, i) => (n, i)))
        {
            if (!_groupNames.Contains(name))
            {
                Error($"{Names.GroupOrder}[{i}]", $"No subject is in group '{name}'.");
            }
        }

        if (_groupOrder is not null && _errors.Count == 0)
        {
            var missing = _groupNames.FirstOrDefault(g => !_groupOrder.Contains(g));
            if (missing is not null)
            {
                Error(Names.GroupOrder, $"{Names.GroupOrder} does not list group '{missing}'.");
            }
        }

        if (_errors.Count > 0)
        {
            throw new RequestValidationException(_errors);
        }

        // The tests and the Cox model cost O(subjects · groups); a comparison has a few groups.
        if (_groupNames.Count > MaxGroups)
        {
            throw RequestValidationException.For(
                Names.Subjects, $"The subjects form {_groupNames.Count} groups; at most {MaxGroups} groups can be compared at once.");
        }

        // Map group indices to the requested order (first = Cox reference).
        var order = _groupOrder ?? _groupNames;
        var remap = _groupNames.Select(name => order.IndexOf(name)).ToArray();
        var groups = new int[_count];
        for (var i = 0; i < _count; i++)
        {
            groups[i] = remap[_group[i]];
        }

        SurvivalSample sample;
        try
        {
            Array.Resize(ref _time, _count);
            Array.Resize(ref _event, _count);
            sample = SurvivalSample.Create(_time, _event, groups, order, covariates);
        }
        catch (ArgumentException e)
        {
            throw RequestValidationException.For(e.ParamName ?? Names.Subjects, e.Message);
        }

        var adjustment = new SurvivalAdjustment(
            _weight?[.._count], _stratum?[.._count], _cluster?[.._count],
            [.. modelCovariates.Select(c => c.Labels is null ? ModelCovariate.Numeric(c.Name, c.Numbers!) : ModelCovariate.Categorical(c.Name, c.Labels))],
            _robust || _cluster is not null, _phTest, _rmstTau, _time[.._count], _event[.._count], groups);
        return new Parsed(sample, new SurvivalAnalysisOptions
        {
            ConfidenceLevel = _level ?? 0.95,
            Transform = _transform,
            MedianConvention = _median,
            Ties = _ties,
            Landmarks = _landmarks ?? [],
            Covariates = covariates.Select(c => c.Name).ToList(),
        }, adjustment);
    }

    // A stratum or cluster given for some subjects must be given for all.
    private void CheckComplete(int[]? codes, int absent, string name)
    {
        if (codes is null)
        {
            return;
        }

        var gap = Array.IndexOf(codes, absent, 0, _count);
        if (gap >= 0)
        {
            Error($"{Names.Subjects}[{gap}].{name}", $"{name} is required when any subject has one.");
        }
    }

    /// <summary>The JSON names of the request's members, from its contract types.</summary>
    private static class Names
    {
        public static readonly string Robust = JsonContractNames.Property<SurvivalRequest>(nameof(SurvivalRequest.Robust));
        public static readonly string PhTest = JsonContractNames.Property<SurvivalRequest>(nameof(SurvivalRequest.PhTest));
        public static readonly string Rmst = JsonContractNames.Property<SurvivalRequest>(nameof(SurvivalRequest.Rmst));
        public static readonly string Tau = JsonContractNames.Property<RmstOptions>(nameof(RmstOptions.Tau));
        public static readonly string Weight = JsonContractNames.Property<SurvivalSubject>(nameof(SurvivalSubject.Weight));
        public static readonly string Stratum = JsonContractNames.Property<SurvivalSubject>(nameof(SurvivalSubject.Stratum));
        public static readonly string Cluster = JsonContractNames.Property<SurvivalSubject>(nameof(SurvivalSubject.Cluster));
        public static readonly string Subjects = JsonContractNames.Property<SurvivalRequest>(nameof(SurvivalRequest.Subjects));
        public static readonly string GroupOrder = JsonContractNames.Property<SurvivalRequest>(nameof(SurvivalRequest.GroupOrder));
        public static readonly string Covariates = JsonContractNames.Property<SurvivalRequest>(nameof(SurvivalRequest.Covariates));
        public static readonly string Landmarks = JsonContractNames.Property<SurvivalRequest>(nameof(SurvivalRequest.Landmarks));
        public static readonly string ConfidenceLevel = JsonContractNames.Property<SurvivalRequest>(nameof(SurvivalRequest.ConfidenceLevel));
        public static readonly string CiTransform = JsonContractNames.Property<SurvivalRequest>(nameof(SurvivalRequest.CiTransform));
        public static readonly string MedianConvention = JsonContractNames.Property<SurvivalRequest>(nameof(SurvivalRequest.MedianConvention));
        public static readonly string Ties = JsonContractNames.Property<SurvivalRequest>(nameof(SurvivalRequest.Ties));
        public static readonly string Time = JsonContractNames.Property<SurvivalSubject>(nameof(SurvivalSubject.Time));
        public static readonly string Event = JsonContractNames.Property<SurvivalSubject>(nameof(SurvivalSubject.Event));
        public static readonly string Group = JsonContractNames.Property<SurvivalSubject>(nameof(SurvivalSubject.Group));
        public static readonly string SubjectCovariates = JsonContractNames.Property<SurvivalSubject>(nameof(SurvivalSubject.Covariates));
    }

    /// <summary>An option's members in value order, and their JSON names.</summary>
    private static class EnumNames<T>
        where T : struct, System.Enum
    {
        public static readonly T[] Values = System.Enum.GetValues<T>();
        public static readonly string[] Names = Values.Select(JsonContractNames.Value).ToArray();
    }
}
