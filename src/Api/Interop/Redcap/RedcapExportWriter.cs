using System.Globalization;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Outcomes;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>
/// Patient documents as a REDCap import CSV for the registry's dictionary: raw codes, one row per record (patient,
/// baseline and follow-up _fields) and one per repeating-instrument instance, numbered from 1 in document order.
/// Nested lists name their parent by date (fractions and dose changes: the course start; lesions: the assessment date),
/// as the import reads them.
/// </summary>
internal sealed class RedcapExportWriter(RedcapProject project)
{
    private readonly RedcapField[] _fields = project.Fields.Where(f => f.Name != RedcapProject.RecordId).ToArray();
    private string[]? _header;

    /// <summary>The _header: record_id, the repeat columns, then every field (a checkbox as one column per choice).</summary>
    public string[] Header() => _header ??=
    [
        RedcapProject.RecordId, RedcapProject.RepeatInstrument, RedcapProject.RepeatInstance,
        .. project.Fields.Where(f => f.Name != RedcapProject.RecordId)
            .SelectMany(f => f.Kind == RedcapFieldKind.Checkbox ? f.Choices.Select(f.CheckboxColumn) : [f.Name]),
    ];

    /// <summary>The rows of one patient.</summary>
    public IEnumerable<string[]> Rows(PatientDocument patient)
    {
        var record = Row(patient.ExternalId!, null, 0);
        Fill(record, project.Patient, patient);
        Fill(record, project.Baseline, patient.Baseline);
        if (patient.FollowUp is { } followUp)
        {
            Fill(record, project.FollowUp, followUp);
        }

        yield return record;
        foreach (var instrument in project.Instruments.Where(i => i.Repeating))
        {
            var instance = 0;
            foreach (var item in Items(instrument, patient))
            {
                var row = Row(patient.ExternalId!, instrument.Name, ++instance);
                Fill(row, instrument, item);
                yield return row;
            }
        }
    }

    private string[] Row(string recordId, string? instrument, int instance)
    {
        var row = new string[Header().Length];
        Array.Fill(row, string.Empty);
        row[0] = recordId;
        row[1] = instrument ?? string.Empty;
        row[2] = instance > 0 ? instance.ToString(CultureInfo.InvariantCulture) : string.Empty;
        return row;
    }

    private void Fill(string[] row, RedcapInstrument instrument, object item)
    {
        var column = 3;
        foreach (var field in _fields)
        {
            var width = field.Kind == RedcapFieldKind.Checkbox ? field.Choices.Count : 1;
            if (field.Instrument == instrument)
            {
                var value = field.Get(item);
                if (field.Kind == RedcapFieldKind.Checkbox)
                {
                    var list = (System.Collections.IList)value!;
                    for (var c = 0; c < width; c++)
                    {
                        row[column + c] = list.Contains(field.Choices[c].Value) ? "1" : "0";
                    }
                }
                else
                {
                    row[column] = Format(field, value);
                }
            }

            column += width;
        }
    }

    private static string Format(RedcapField field, object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => field.Choices.First(c => c.Value.Equals(value)).Code,
    };

    // The instances of a repeating instrument, as the import attaches them back.
    private static IEnumerable<object> Items(RedcapInstrument instrument, PatientDocument p) => instrument.Name switch
    {
        "radiotherapy_courses" => p.RadiotherapyCourses,
        "rt_fractions" => p.RadiotherapyCourses.SelectMany(c => c.Fractions.Select(f => new FractionEntry { CourseStartDate = c.StartDate, Date = f.Date, DoseGy = f.DoseGy })),
        "tace_sessions" => p.TaceSessions,
        "sorafenib_courses" => p.SorafenibCourses,
        "sorafenib_dose_changes" => p.SorafenibCourses.SelectMany(c => c.DoseChanges.Select(d => new DoseChangeEntry { CourseStartDate = c.StartDate, Date = d.Date, DailyDoseMg = d.DailyDoseMg, Reason = d.Reason })),
        "anti_pd1_cycles" => p.AntiPd1Cycles,
        "tumor_assessments" => p.TumorAssessments,
        "lesions" => p.TumorAssessments.SelectMany(a => a.Lesions.Select(l => new LesionEntry { AssessmentDate = a.Date, Lesion = l })),
        "adverse_events" => p.AdverseEvents,
        "subsequent_therapies" => (p.FollowUp?.SubsequentTherapies ?? []).Select(t => new SubsequentTherapyEntry { StartDate = t.StartDate, Type = t.Type }),
        _ => throw new InvalidOperationException($"No list for instrument {instrument.Name}."),
    };

    /// <summary>Writes the CSV into the response as the patients arrive.</summary>
    public async Task WriteAsync(HttpResponse response, IAsyncEnumerable<PatientDocument> patients, CancellationToken cancellationToken)
    {
        response.ContentType = "text/csv; charset=utf-8";
        var pipe = response.BodyWriter;
        var pending = Utf8Csv.Line(pipe, Header());
        await foreach (var patient in patients.WithCancellation(cancellationToken))
        {
            foreach (var row in Rows(patient))
            {
                pending += Utf8Csv.Line(pipe, row);
            }

            if (pending > 64 * 1024)
            {
                await pipe.FlushAsync(cancellationToken);
                pending = 0;
            }
        }

        await pipe.FlushAsync(cancellationToken);
    }
}
