using System.Globalization;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>Where a piece of a patient document came from in the REDCap export.</summary>
/// <param name="Record">The record_id.</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="Instance">The repeat instance, or null for a non-repeating instrument.</param>
/// <param name="Event">The event (longitudinal projects), or null.</param>
/// <param name="Row">Row of the file: CSV line (the header is line 1), or position in the JSON array (1-based).</param>
internal sealed record RedcapCoordinates(string Record, RedcapInstrument Instrument, int? Instance, string? Event, int Row)
{
    /// <summary>The error key, e.g. <c>record 17 / adverse_events #2 / ae_grade</c>.</summary>
    public string Key(string? field)
    {
        var key = $"record {Record}";
        if (Event is { Length: > 0 })
        {
            key += $" / {Event}";
        }

        key += Instance is { } i ? $" / {Instrument.Name} #{i.ToString(CultureInfo.InvariantCulture)}" : $" / {Instrument.Name}";
        return field is null ? key : $"{key} / {field}";
    }
}

/// <summary>
/// Groups REDCap export rows (one per record, plus one per repeating-instrument instance) into patient documents,
/// decoding each value by its dictionary field, and keeps a provenance map from document paths
/// (<c>patients[3].adverseEvents[1]</c>) back to REDCap coordinates, so that the patient-document validator's _errors
/// can be told in REDCap's terms. One pass over the rows; _records need not be contiguous.
/// </summary>
internal sealed class RedcapRecordAssembler(RedcapProject project, bool labels, RedcapMapping? mapping)
{
    private const int MaxErrors = 1000;

    private static readonly HashSet<string> SystemColumns = new(StringComparer.Ordinal)
    {
        RedcapProject.RecordId, RedcapProject.RepeatInstrument, RedcapProject.RepeatInstance, RedcapProject.EventName,
        "redcap_data_access_group", "redcap_survey_identifier",
    };

    private readonly Dictionary<string, RecordDraft> _records = new(StringComparer.Ordinal);
    private readonly List<RecordDraft> _order = [];
    private readonly Dictionary<string, int> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private Column[] _columns = [];
    private int _recordColumn = -1;
    private int _instrumentColumn = -1;
    private int _instanceColumn = -1;
    private int _eventColumn = -1;

    /// <summary>True once any error was found; the import writes nothing then.</summary>
    public bool HasErrors => _errors.Count > 0;

    public Dictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>Reads the header (field names as exported, before mapping). False when it cannot be used at all.</summary>
    public bool SetHeader(IReadOnlyList<string> header)
    {
        _columns = new Column[header.Count];
        var present = new HashSet<RedcapField>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = mapping?.FieldName(header[i].Trim()) ?? header[i].Trim();
            switch (name)
            {
                case RedcapProject.RecordId:
                    _recordColumn = i;
                    continue;
                case RedcapProject.RepeatInstrument:
                    _instrumentColumn = i;
                    continue;
                case RedcapProject.RepeatInstance:
                    _instanceColumn = i;
                    continue;
                case RedcapProject.EventName:
                    _eventColumn = i;
                    continue;
            }

            if (SystemColumns.Contains(name) || IsFormStatus(name))
            {
                continue;
            }

            if (project.ByName.TryGetValue(name, out var field) && field.Kind != RedcapFieldKind.Checkbox)
            {
                _columns[i] = new Column(field, null);
                present.Add(field);
                continue;
            }

            var separator = name.LastIndexOf("___", StringComparison.Ordinal);
            if (separator > 0 && project.ByName.TryGetValue(name[..separator], out var checkbox) && checkbox.Kind == RedcapFieldKind.Checkbox)
            {
                var code = mapping?.ChoiceCode(checkbox.Name, name[(separator + 3)..]) ?? name[(separator + 3)..];
                if (checkbox.Choices.FirstOrDefault(c => c.Code == code) is { } choice)
                {
                    _columns[i] = new Column(checkbox, choice);
                    present.Add(checkbox);
                    continue;
                }
            }

            Add($"field {header[i]}", $"row 1: unknown field '{header[i]}': it is not in the registry's data dictionary (interop/redcap/data-dictionary.csv). Rename it in a mapping document, or leave it out of the export.");
        }

        if (_recordColumn < 0)
        {
            Add($"field {RedcapProject.RecordId}", $"row 1: the export has no '{RedcapProject.RecordId}' column (the first field of the project); name yours in a mapping document.");
            return false;
        }

        // Every instrument the export carries (the patient instrument always) must have its required fields.
        var instruments = present.Select(f => f.Instrument).Append(project.Patient).Distinct();
        foreach (var field in instruments.SelectMany(i => i.Fields).Where(f => f.Required && f.Name != RedcapProject.RecordId && !present.Contains(f)))
        {
            Add($"field {field.Name}", $"row 1: required field '{field.Name}' ({field.Label}) of instrument {field.Instrument.Name} has no column in the export; map a field of your project to it in a mapping document.");
        }

        return !HasErrors;
    }

    /// <summary>Adds one row (values in header _order).</summary>
    public void AddRow(int row, IReadOnlyList<string> values)
    {
        if (_errors.Count >= MaxErrors)
        {
            return;
        }

        var recordId = Value(values, _recordColumn).Trim();
        if (recordId.Length == 0)
        {
            Add($"row {Row(row)}", $"row {Row(row)}: '{RedcapProject.RecordId}' is empty.");
            return;
        }

        var eventName = _eventColumn >= 0 ? Value(values, _eventColumn).Trim() : string.Empty;
        var eventOrder = _events.TryGetValue(eventName, out var known) ? known : _events[eventName] = _events.Count;
        if (!_records.TryGetValue(recordId, out var draft))
        {
            draft = new RecordDraft(recordId, new PatientDocument { ExternalId = recordId });
            _records[recordId] = draft;
            _order.Add(draft);
        }

        var instrumentName = _instrumentColumn >= 0 ? Value(values, _instrumentColumn).Trim() : string.Empty;
        instrumentName = mapping?.InstrumentName(instrumentName) ?? instrumentName;
        RedcapInstrument? instrument = null;
        InstanceDraft? instance = null;
        var at = new RedcapCoordinates(recordId, project.Patient, null, Event(eventName), row);
        if (instrumentName.Length > 0)
        {
            if (!project.InstrumentByName.TryGetValue(instrumentName, out instrument) || !instrument.Repeating)
            {
                Add(at.Key(RedcapProject.RepeatInstrument), $"row {Row(row)}: '{instrumentName}' is not a repeating instrument of the registry's project ({string.Join(", ", project.Instruments.Where(i => i.Repeating).Select(i => i.Name))}).");
                return;
            }

            var instanceText = _instanceColumn >= 0 ? Value(values, _instanceColumn).Trim() : string.Empty;
            if (!int.TryParse(instanceText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                Add(at.Key(RedcapProject.RepeatInstance) + $" ({instrument.Name})", $"row {Row(row)}: '{instanceText}' is not an instance number (1, 2, 3, …).");
                return;
            }

            at = at with { Instrument = instrument, Instance = number };
            var key = (instrument.Name, eventName, number);
            if (draft.Instances.TryGetValue(key, out var earlier))
            {
                Add(at.Key(null), $"row {Row(row)}: duplicate instance number {number}: row {Row(earlier.Coordinates.Row)} already holds {instrument.Name} #{number} of record {recordId}{(eventName.Length > 0 ? $" in event {eventName}" : string.Empty)}.");
                return;
            }

            instance = new InstanceDraft(at, eventOrder, instrument.Create());
            draft.Instances[key] = instance;
        }
        else
        {
            draft.MainRow ??= row;
        }

        for (var i = 0; i < _columns.Length && i < values.Count; i++)
        {
            if (_columns[i] is not { } column || values[i].Length == 0)
            {
                continue;
            }

            var field = column.Field;
            if (instrument is not null ? field.Instrument != instrument : field.Instrument.Repeating)
            {
                if (column.Choice is not null && IsUnchecked(values[i]))
                {
                    continue;
                }

                var here = instrument?.Name ?? "the record row (no repeating instrument)";
                Add((at with { Instrument = field.Instrument.Repeating ? field.Instrument : at.Instrument }).Key(field.Name),
                    $"row {Row(row)}: '{field.Name}' belongs to instrument {field.Instrument.Name}{(field.Instrument.Repeating ? " (repeating)" : string.Empty)}, but this row is {here}.");
                continue;
            }

            var coordinates = instance?.Coordinates ?? at with { Instrument = field.Instrument };
            if (!Decode(field, column.Choice, values[i], coordinates, out var value) || value is null)
            {
                continue;
            }

            var target = instance?.Item ?? Target(draft, field.Instrument);
            if (field.Kind != RedcapFieldKind.Checkbox && instance is null && field.Get(target) is { } existing and not "" && !existing.Equals(value))
            {
                Add(coordinates.Key(field.Name), $"row {Row(row)}: '{values[i]}' differs from the value an earlier row of record {recordId} gave this field.");
                continue;
            }

            if (instance is null)
            {
                draft.Rows[field.Instrument] = coordinates;
            }

            field.Set(target, value);
        }
    }

    /// <summary>The patient documents in the _order their _records first appear, with their provenance; null on _errors.</summary>
    public RedcapImport? Finish()
    {
        var documents = new List<PatientDocument>(_order.Count);
        var provenance = new List<Dictionary<string, RedcapCoordinates>>(_order.Count);
        foreach (var draft in _order)
        {
            if (draft.MainRow is null)
            {
                var first = draft.Instances.Values.Min(i => i.Coordinates.Row);
                Add($"record {draft.Id}", $"row {Row(first)}: repeating-instrument rows of record {draft.Id} have no record row (the row with an empty redcap_repeat_instrument that carries the patient fields).");
                continue;
            }

            var map = new Dictionary<string, RedcapCoordinates>(StringComparer.Ordinal)
            {
                [string.Empty] = draft.Rows.GetValueOrDefault(project.Patient) ?? new(draft.Id, project.Patient, null, null, draft.MainRow.Value),
                ["baseline"] = draft.Rows.GetValueOrDefault(project.Baseline) ?? new(draft.Id, project.Baseline, null, null, draft.MainRow.Value),
            };
            if (draft.FollowUp is not null)
            {
                map["followUp"] = draft.Rows.GetValueOrDefault(project.FollowUp) ?? new(draft.Id, project.FollowUp, null, null, draft.MainRow.Value);
            }

            Attach(draft, map);
            documents.Add(draft.Document);
            provenance.Add(map);
        }

        return HasErrors ? null : new RedcapImport(documents, provenance);
    }

    // Lists in event _order, then instance _order; nested instruments join their parent by its date.
    private void Attach(RecordDraft draft, Dictionary<string, RedcapCoordinates> map)
    {
        var doc = draft.Document;
        var instances = draft.Instances.Values.OrderBy(i => i.EventOrder).ThenBy(i => i.Coordinates.Instance).ToList();
        foreach (var instance in instances)
        {
            switch (instance.Item)
            {
                case RadiotherapyCourseDto c:
                    Add(doc.RadiotherapyCourses, c, "radiotherapyCourses", instance);
                    break;
                case TaceSessionDto t:
                    Add(doc.TaceSessions, t, "taceSessions", instance);
                    break;
                case SorafenibCourseDto s:
                    Add(doc.SorafenibCourses, s, "sorafenibCourses", instance);
                    break;
                case AntiPd1CycleDto p:
                    Add(doc.AntiPd1Cycles, p, "antiPd1Cycles", instance);
                    break;
                case TumorAssessmentDto a:
                    Add(doc.TumorAssessments, a, "tumorAssessments", instance);
                    break;
                case AdverseEventDto e:
                    Add(doc.AdverseEvents, e, "adverseEvents", instance);
                    break;
            }
        }

        foreach (var instance in instances)
        {
            switch (instance.Item)
            {
                case FractionEntry f when Parent(doc.RadiotherapyCourses, c => c.StartDate, "radiotherapy_courses", "rt_start_date", f.CourseStartDate, instance) is { } i:
                    var course = doc.RadiotherapyCourses[i];
                    map[$"radiotherapyCourses[{Index(i)}].fractions[{Index(course.Fractions.Count)}]"] = instance.Coordinates;
                    course.Fractions.Add(new DeliveredFractionRecord(f.Date ?? default, f.DoseGy ?? 0));
                    break;
                case DoseChangeEntry d when Parent(doc.SorafenibCourses, c => c.StartDate, "sorafenib_courses", "sor_start_date", d.CourseStartDate, instance) is { } i:
                    var sorafenib = doc.SorafenibCourses[i];
                    map[$"sorafenibCourses[{Index(i)}].doseChanges[{Index(sorafenib.DoseChanges.Count)}]"] = instance.Coordinates;
                    sorafenib.DoseChanges.Add(new SorafenibDoseChangeRecord(d.Date ?? default, d.DailyDoseMg ?? 0, d.Reason));
                    break;
                case LesionEntry l when Parent(doc.TumorAssessments, a => a.Date, "tumor_assessments", "ta_date", l.AssessmentDate, instance) is { } i:
                    var assessment = doc.TumorAssessments[i];
                    map[$"tumorAssessments[{Index(i)}].lesions[{Index(assessment.Lesions.Count)}]"] = instance.Coordinates;
                    assessment.Lesions.Add(l.Lesion);
                    break;
                case SubsequentTherapyEntry t:
                    var followUp = draft.FollowUp ??= doc.FollowUp = new FollowUpDto();
                    map.TryAdd("followUp", new(draft.Id, project.FollowUp, null, instance.Coordinates.Event, draft.MainRow!.Value));
                    map[$"followUp.subsequentTherapies[{Index(followUp.SubsequentTherapies.Count)}]"] = instance.Coordinates;
                    followUp.SubsequentTherapies.Add(new SubsequentTherapyRecord(t.StartDate ?? default, t.Type ?? string.Empty));
                    break;
            }
        }

        void Add<T>(List<T> list, T item, string path, InstanceDraft instance)
        {
            map[$"{path}[{Index(list.Count)}]"] = instance.Coordinates;
            list.Add(item);
        }
    }

    // The index of the one parent instance whose date the child names; an error when none or several match.
    private int? Parent<T>(List<T> parents, Func<T, DateOnly?> date, string instrument, string dateField, DateOnly? link, InstanceDraft child)
    {
        var linkField = child.Coordinates.Instrument.ParentLink!;
        if (link is null)
        {
            return null; // reported by the required-field rule of the link
        }

        int? found = null;
        for (var i = 0; i < parents.Count; i++)
        {
            if (date(parents[i]) != link)
            {
                continue;
            }

            if (found is not null)
            {
                Add(child.Coordinates.Key(linkField.Name), $"row {Row(child.Coordinates.Row)}: two {instrument} instances have {dateField} {Dates.Iso(link)}; the {child.Coordinates.Instrument.Name} instance cannot say which it belongs to.");
                return null;
            }

            found = i;
        }

        if (found is null)
        {
            Add(child.Coordinates.Key(linkField.Name), $"row {Row(child.Coordinates.Row)}: no {instrument} instance of record {child.Coordinates.Record} has {dateField} {Dates.Iso(link)}.");
        }

        return found;
    }

    private object Target(RecordDraft draft, RedcapInstrument instrument) =>
        instrument == project.Patient ? draft.Document
        : instrument == project.Baseline ? draft.Document.Baseline
        : draft.FollowUp ??= draft.Document.FollowUp = new FollowUpDto();

    private bool Decode(RedcapField field, RedcapChoice? checkboxChoice, string text, RedcapCoordinates at, out object? value)
    {
        value = null;
        var original = text;
        if (field.Kind is RedcapFieldKind.Dropdown or RedcapFieldKind.YesNo)
        {
            text = mapping?.ChoiceCode(field.Name, text) ?? text;
        }

        switch (field.Kind)
        {
            case RedcapFieldKind.Text or RedcapFieldKind.Notes:
                value = text;
                return true;
            case RedcapFieldKind.Integer:
                if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    value = integer;
                    return true;
                }

                return Fail($"'{original}' is not an integer.");
            case RedcapFieldKind.Number:
                if (double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
                    && double.IsFinite(number))
                {
                    value = number;
                    return true;
                }

                return Fail($"'{original}' is not a number (digits with '.' as the decimal point).");
            case RedcapFieldKind.Date:
                if (text.Trim().Length == 10 && DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    value = date;
                    return true;
                }

                return Fail($"'{original}' is not a date in Y-M-D (yyyy-mm-dd, e.g. 2021-03-15), the format REDCap exports date_ymd fields in.");
            case RedcapFieldKind.Checkbox:
                return DecodeCheckbox(checkboxChoice!, text, original, at, out value);
            default:
                return DecodeChoice(field, text, original, at, out value);
        }

        bool Fail(string message)
        {
            Add(at.Key(field.Name), $"row {Row(at.Row)}: {message}");
            return false;
        }
    }

    private bool DecodeChoice(RedcapField field, string text, string original, RedcapCoordinates at, out object? value)
    {
        value = null;
        var trimmed = text.Trim();
        var byCode = field.Choices.FirstOrDefault(c => c.Code == trimmed);
        var byLabel = field.Choices.FirstOrDefault(c => string.Equals(c.Label, trimmed, StringComparison.OrdinalIgnoreCase));
        var choice = labels ? byLabel : byCode;
        if (choice is not null)
        {
            value = choice.Value;
            return true;
        }

        var list = string.Join(", ", field.Choices.Select(c => labels ? c.Label : $"{c.Code} = {c.Label}"));
        var other = labels ? byCode : byLabel;
        var message = other is not null
            ? labels
                ? $"'{original}' is the raw code of '{other.Label}', but this import reads labels (?values=labels): the export mixes raw codes and labels. Export again with one kind throughout."
                : $"'{original}' is the label of choice {other.Code}, but this import reads raw codes: the export mixes raw codes and labels. Export raw codes throughout, or all labels and import with ?values=labels."
            : $"'{original}' is not a choice of {field.Name} ({list}).";
        Add(at.Key(field.Name), $"row {Row(at.Row)}: {message}");
        return false;
    }

    private bool DecodeCheckbox(RedcapChoice choice, string text, string original, RedcapCoordinates at, out object? value)
    {
        value = null;
        var trimmed = text.Trim();
        var isChecked = labels
            ? string.Equals(trimmed, "Checked", StringComparison.OrdinalIgnoreCase) || string.Equals(trimmed, choice.Label, StringComparison.OrdinalIgnoreCase)
            : trimmed == "1";
        if (isChecked)
        {
            value = choice.Value;
            return true;
        }

        if (IsUnchecked(trimmed))
        {
            return true;
        }

        Add(at.Key($"{at.Instrument.Fields.First(f => f.Choices.Contains(choice)).Name}___{choice.Code}"),
            $"row {Row(at.Row)}: '{original}' is not a checkbox value ({(labels ? "Checked or Unchecked" : "1 or 0")}).");
        return false;
    }

    private bool IsUnchecked(string text) => labels ? string.Equals(text.Trim(), "Unchecked", StringComparison.OrdinalIgnoreCase) : text.Trim() == "0";

    private void Add(string key, string message)
    {
        if (_errors.Count >= MaxErrors && !_errors.ContainsKey(key))
        {
            return;
        }

        if (!_errors.TryGetValue(key, out var list))
        {
            _errors[key] = list = [];
        }

        list.Add(message);
    }

    private bool IsFormStatus(string name) =>
        (name.EndsWith("_complete", StringComparison.Ordinal) && project.InstrumentByName.ContainsKey(name[..^"_complete".Length]))
        || (name.EndsWith("_timestamp", StringComparison.Ordinal) && project.InstrumentByName.ContainsKey(name[..^"_timestamp".Length]));

    private static string Value(IReadOnlyList<string> values, int index) => index < values.Count ? values[index] : string.Empty;

    private static string? Event(string name) => name.Length == 0 ? null : name;

    private static string Row(int row) => row.ToString(CultureInfo.InvariantCulture);

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    private sealed record Column(RedcapField Field, RedcapChoice? Choice);

    private sealed class RecordDraft(string id, PatientDocument document)
    {
        public string Id { get; } = id;

        public PatientDocument Document { get; } = document;

        public FollowUpDto? FollowUp { get; set; }

        public int? MainRow { get; set; }

        /// <summary>The row that last gave a non-repeating instrument its values.</summary>
        public Dictionary<RedcapInstrument, RedcapCoordinates> Rows { get; } = [];

        public Dictionary<(string Instrument, string Event, int Instance), InstanceDraft> Instances { get; } = [];
    }

    private sealed record InstanceDraft(RedcapCoordinates Coordinates, int EventOrder, object Item);
}
