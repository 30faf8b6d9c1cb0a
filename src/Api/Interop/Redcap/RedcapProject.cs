using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Domain;
using HccOutcomes.Domain.Registry;

namespace HccOutcomes.Api.Interop.Redcap;

/// <summary>How a REDCap field holds its value (the dictionary's field type and text validation).</summary>
internal enum RedcapFieldKind
{
    Text,
    Notes,
    Integer,
    Number,
    Date,
    YesNo,
    Dropdown,
    Checkbox,
}

/// <summary>One choice of a dropdown or checkbox: the raw code REDCap stores, the label it shows, and the registry value.</summary>
internal sealed record RedcapChoice(string Code, string Label, object Value);

/// <summary>
/// One field of the REDCap project: its dictionary row and how it reads and writes the patient document.
/// <see cref="JsonName"/> is the document property it fills (the last segment of the validator's error path).
/// </summary>
internal sealed class RedcapField
{
    public required string Name { get; init; }

    public required RedcapInstrument Instrument { get; init; }

    public required string Label { get; init; }

    public required RedcapFieldKind Kind { get; init; }

    /// <summary>The patient-document property (camelCase), or null for the link to a parent instance.</summary>
    public required string? JsonName { get; init; }

    public bool Required { get; init; }

    public FieldBound? Bound { get; init; }

    public int? MaxLength { get; init; }

    public IReadOnlyList<RedcapChoice> Choices { get; init; } = [];

    public string? Note { get; init; }

    public required Func<object, object?> Get { get; init; }

    public required Action<object, object?> Set { get; init; }

    /// <summary>The export's column of one checkbox choice (<c>ae_suspected___2</c>).</summary>
    public string CheckboxColumn(RedcapChoice choice) => $"{Name}___{choice.Code}";
}

/// <summary>One REDCap instrument (form) of the project; repeating instruments hold the document's lists.</summary>
internal sealed class RedcapInstrument(string name, string label, bool repeating, string documentPath, Func<object> create)
{
    private readonly List<RedcapField> _fields = [];

    /// <summary>Form name, e.g. <c>adverse_events</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Label shown in REDCap.</summary>
    public string Label { get; } = label;

    /// <summary>True for a repeating instrument: one row per instance.</summary>
    public bool Repeating { get; } = repeating;

    /// <summary>Where its data sit in the patient document, e.g. <c>adverseEvents[]</c> or <c>tumorAssessments[].lesions[]</c>.</summary>
    public string DocumentPath { get; } = documentPath;

    public IReadOnlyList<RedcapField> Fields => _fields;

    /// <summary>A new, empty instance (the object its _fields fill).</summary>
    public object Create() => create();

    /// <summary>The field naming the parent instance (lesions: the assessment date), if the instrument is nested.</summary>
    public RedcapField? ParentLink => _fields.FirstOrDefault(f => f.JsonName is null);

    internal void Add(RedcapField field) => _fields.Add(field);
}

/// <summary>A delivered RT fraction as a REDCap instance: REDCap cannot nest, so it names its course by start date.</summary>
internal sealed class FractionEntry
{
    public DateOnly? CourseStartDate { get; set; }

    public DateOnly? Date { get; set; }

    public double? DoseGy { get; set; }
}

/// <summary>A sorafenib dose change as a REDCap instance, naming its course by start date.</summary>
internal sealed class DoseChangeEntry
{
    public DateOnly? CourseStartDate { get; set; }

    public DateOnly? Date { get; set; }

    public double? DailyDoseMg { get; set; }

    public string? Reason { get; set; }
}

/// <summary>A lesion as a REDCap instance, naming its tumor assessment by date.</summary>
internal sealed class LesionEntry
{
    public DateOnly? AssessmentDate { get; set; }

    public LesionDto Lesion { get; set; } = new();
}

/// <summary>A subsequent therapy (follow-up) as a REDCap instance.</summary>
internal sealed class SubsequentTherapyEntry
{
    public DateOnly? StartDate { get; set; }

    public string? Type { get; set; }
}

/// <summary>
/// The registry as a REDCap project: every instrument and field, in dictionary order. It is the one source of the
/// shipped data dictionary (<c>interop/redcap/data-dictionary.csv</c>), of the import's field decoding and of the
/// export's columns; ranges and lengths come from <see cref="PatientFieldRules"/>, which the validators apply.
/// </summary>
internal sealed class RedcapProject
{
    public const string RecordId = "record_id";
    public const string RepeatInstrument = "redcap_repeat_instrument";
    public const string RepeatInstance = "redcap_repeat_instance";
    public const string EventName = "redcap_event_name";

    private static readonly JsonNamingPolicy Camel = JsonNamingPolicy.CamelCase;

    // Before Registry: static _fields initialise in declaration order.
    private static readonly IReadOnlyList<RedcapChoice> YesNoChoices = [new("1", "Yes", true), new("0", "No", false)];

    private RedcapProject(IReadOnlyList<RedcapInstrument> instruments)
    {
        Instruments = instruments;
        Fields = instruments.SelectMany(i => i.Fields).ToList();
        ByName = Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        InstrumentByName = instruments.ToDictionary(i => i.Name, StringComparer.Ordinal);
    }

    /// <summary>The registry's project.</summary>
    public static RedcapProject Registry { get; } = Build();

    public IReadOnlyList<RedcapInstrument> Instruments { get; }

    /// <summary>Every field in dictionary order (record_id first).</summary>
    public IReadOnlyList<RedcapField> Fields { get; }

    public IReadOnlyDictionary<string, RedcapField> ByName { get; }

    public IReadOnlyDictionary<string, RedcapInstrument> InstrumentByName { get; }

    public RedcapInstrument Patient => Instruments[0];

    public RedcapInstrument Baseline => Instruments[1];

    public RedcapInstrument FollowUp => InstrumentByName["follow_up"];

    private static RedcapProject Build()
    {
        var r = PatientFieldRules.SourceIdLength;
        var patient = new Form<PatientDocument>("patient", "Patient", false, "")
            .Text(p => p.ExternalId, RecordId, "Patient ID (pseudonymous; letters, digits, '.', '_', '-')", PatientFieldRules.ExternalIdLength, required: true)
            .Text(p => p.Arm, "arm", "Treatment arm (e.g. RT+PD1, TACE+Sorafenib)", PatientFieldRules.ArmLength, required: true)
            .Text(p => p.Site, "site", "Enrolling site code", PatientFieldRules.SiteLength)
            .Date(p => p.OnStudyDate, "on_study_date", "On-study date (index date of time-to-event endpoints)", required: true)
            .Choice(p => p.Sex, "sex", "Sex", required: true)
            .Integer(p => p.AgeYears, "age_years", "Age at on-study (years)", PatientFieldRules.AgeYears, required: true)
            .Text(p => p.SourceId, "source_id", "Source system's patient record ID", r);

        var baseline = new Form<BaselineDto>("baseline", "Baseline", false, "baseline")
            .Number(b => b.BodyweightKg, "bl_weight_kg", "Body weight (kg)", PatientFieldRules.BodyweightKg)
            .Integer(b => b.Ecog, "bl_ecog", "ECOG performance status", PatientFieldRules.Ecog)
            .Choice(b => b.ChildPughClass, "bl_child_pugh_class", "Child-Pugh class")
            .Integer(b => b.ChildPughScore, "bl_child_pugh_score", "Child-Pugh score (must agree with the class)", PatientFieldRules.ChildPughScore)
            .Choice(b => b.BclcStage, "bl_bclc_stage", "BCLC stage")
            .Choice(b => b.DiagnosisBasis, "bl_diagnosis_basis", "Diagnosis basis")
            .YesNo(b => b.Hbv, "bl_hbv", "Hepatitis B")
            .YesNo(b => b.Hcv, "bl_hcv", "Hepatitis C")
            .YesNo(b => b.Cirrhosis, "bl_cirrhosis", "Cirrhosis")
            .Number(b => b.AfpNgPerMl, "bl_afp_ng_ml", "Alpha-fetoprotein (ng/mL)", PatientFieldRules.AfpNgPerMl)
            .Number(b => b.AlbuminGPerL, "bl_albumin_g_l", "Albumin (g/L)", PatientFieldRules.AlbuminGPerL)
            .Number(b => b.TotalBilirubinUmolPerL, "bl_bilirubin_umol_l", "Total bilirubin (umol/L)", PatientFieldRules.TotalBilirubinUmolPerL)
            .Number(b => b.HemoglobinGPerL, "bl_hemoglobin_g_l", "Hemoglobin (g/L)", PatientFieldRules.HemoglobinGPerL)
            .Number(b => b.Platelets10e9PerL, "bl_platelets_10e9_l", "Platelets (10^9/L)", PatientFieldRules.Platelets10e9PerL)
            .Number(b => b.Wbc10e9PerL, "bl_wbc_10e9_l", "White blood cells (10^9/L)", PatientFieldRules.Wbc10e9PerL)
            .Number(b => b.MaxTumorDiameterCm, "bl_max_diameter_cm", "Maximum tumor diameter (cm)", PatientFieldRules.MaxTumorDiameterCm)
            .Integer(b => b.IntrahepaticLesionCount, "bl_intrahepatic_lesions", "Number of intrahepatic lesions", PatientFieldRules.IntrahepaticLesionCount)
            .YesNo(b => b.MacrovascularInvasion, "bl_macrovascular_invasion", "Macrovascular invasion")
            .YesNo(b => b.ExtrahepaticMetastasis, "bl_extrahepatic_metastasis", "Extrahepatic metastasis")
            .YesNo(b => b.PriorTace, "bl_prior_tace", "Prior TACE")
            .YesNo(b => b.PriorHepatectomy, "bl_prior_hepatectomy", "Prior hepatectomy")
            .YesNo(b => b.PriorAblation, "bl_prior_ablation", "Prior ablation")
            .YesNo(b => b.PriorSystemicTherapy, "bl_prior_systemic", "Prior systemic therapy");

        var rt = new Form<RadiotherapyCourseDto>("radiotherapy_courses", "Radiotherapy courses", true, "radiotherapyCourses[]")
            .Text(c => c.SourceId, "rt_source_id", "Source record ID", r)
            .Date(c => c.StartDate, "rt_start_date", "First fraction date", required: true)
            .Date(c => c.EndDate, "rt_end_date", "Last fraction date")
            .Choice(c => c.Technique, "rt_technique", "Technique", required: true)
            .Number(c => c.TotalDoseGy, "rt_total_dose_gy", "Prescribed total dose (Gy)", PatientFieldRules.TotalDoseGy, required: true)
            .Number(c => c.DosePerFractionGy, "rt_dose_per_fraction_gy", "Dose per fraction (Gy); x fractions = total within 1%", PatientFieldRules.DosePerFractionGy, required: true)
            .Integer(c => c.FractionsPlanned, "rt_fractions_planned", "Fractions planned", PatientFieldRules.FractionsPlanned, required: true)
            .Integer(c => c.LesionsTreated, "rt_lesions_treated", "Lesions treated", PatientFieldRules.LesionsTreated, required: true);

        var fractions = new Form<FractionEntry>("rt_fractions", "RT fractions delivered", true, "radiotherapyCourses[].fractions[]")
            .Date(f => f.CourseStartDate, "fx_course_start_date", "Start date of the radiotherapy course this fraction belongs to", required: true, parentLink: true)
            .Date(f => f.Date, "fx_date", "Fraction date", required: true)
            .Number(f => f.DoseGy, "fx_dose_gy", "Fraction dose (Gy)", PatientFieldRules.FractionDoseGy, required: true);

        var tace = new Form<TaceSessionDto>("tace_sessions", "TACE sessions", true, "taceSessions[]")
            .Text(t => t.SourceId, "tace_source_id", "Source record ID", r)
            .Date(t => t.Date, "tace_date", "Procedure date", required: true)
            .Choice(t => t.ChemotherapyAgent, "tace_agent", "Chemotherapy agent", required: true)
            .Number(t => t.ChemotherapyDose, "tace_dose", "Chemotherapy dose (in the unit below)", PatientFieldRules.ChemotherapyDose)
            .Choice(t => t.ChemotherapyDoseUnit, "tace_dose_unit", "Dose unit (required with a dose)")
            .Number(t => t.LipiodolMl, "tace_lipiodol_ml", "Lipiodol (mL)", PatientFieldRules.LipiodolMl)
            .Choice(t => t.EmbolicAgent, "tace_embolic_agent", "Embolic agent", required: true)
            .YesNo(t => t.TechnicalSuccess, "tace_technical_success", "Technical success", required: true);

        var sorafenib = new Form<SorafenibCourseDto>("sorafenib_courses", "Sorafenib courses", true, "sorafenibCourses[]")
            .Text(s => s.SourceId, "sor_source_id", "Source record ID", r)
            .Date(s => s.StartDate, "sor_start_date", "First dose date", required: true)
            .Date(s => s.EndDate, "sor_end_date", "Last dose date (empty while ongoing)")
            .Number(s => s.StartingDailyDoseMg, "sor_start_daily_dose_mg", "Starting daily dose (mg)", PatientFieldRules.StartingDailyDoseMg, required: true)
            .Text(s => s.DiscontinuationReason, "sor_discontinuation_reason", "Why it was stopped", PatientFieldRules.ReasonLength);

        var doseChanges = new Form<DoseChangeEntry>("sorafenib_dose_changes", "Sorafenib dose changes", true, "sorafenibCourses[].doseChanges[]")
            .Date(c => c.CourseStartDate, "sdc_course_start_date", "Start date of the sorafenib course this change belongs to", required: true, parentLink: true)
            .Date(c => c.Date, "sdc_date", "Date of the change", required: true)
            .Number(c => c.DailyDoseMg, "sdc_daily_dose_mg", "New daily dose (mg)", PatientFieldRules.DoseChangeDailyDoseMg, required: true)
            .Text(c => c.Reason, "sdc_reason", "Reason", PatientFieldRules.ReasonLength);

        var pd1 = new Form<AntiPd1CycleDto>("anti_pd1_cycles", "Anti-PD1 cycles", true, "antiPd1Cycles[]")
            .Text(c => c.SourceId, "pd1_source_id", "Source record ID", r)
            .Choice(c => c.Agent, "pd1_agent", "Agent", required: true)
            .Date(c => c.Date, "pd1_date", "Infusion date", required: true)
            .Number(c => c.DoseMg, "pd1_dose_mg", "Dose (mg)", PatientFieldRules.AntiPd1DoseMg, required: true)
            .Integer(c => c.CycleNumber, "pd1_cycle_number", "Cycle number", PatientFieldRules.CycleNumber, required: true);

        var assessments = new Form<TumorAssessmentDto>("tumor_assessments", "Tumor assessments", true, "tumorAssessments[]")
            .Text(a => a.SourceId, "ta_source_id", "Source record ID", r)
            .Date(a => a.Date, "ta_date", "Imaging date (lesions name their assessment by it)", required: true)
            .Choice(a => a.Modality, "ta_modality", "Modality", required: true)
            .Choice(a => a.InvestigatorRecist, "ta_investigator_recist", "Investigator's RECIST 1.1 timepoint response")
            .Choice(a => a.InvestigatorMRecist, "ta_investigator_mrecist", "Investigator's mRECIST timepoint response");

        var lesions = new Form<LesionEntry>("lesions", "Lesions", true, "tumorAssessments[].lesions[]")
            .Date(l => l.AssessmentDate, "les_assessment_date", "Imaging date of the tumor assessment this lesion belongs to", required: true, parentLink: true)
            .Text(l => l.Lesion.LesionId, "les_lesion_id", "Lesion ID, stable across visits (e.g. T1), unique within the assessment", PatientFieldRules.LesionIdLength, required: true)
            .Text(l => l.Lesion.Site, "les_site", "Organ or site (liver, lung, lymph node, portal vein, ...)", PatientFieldRules.LesionSiteLength, required: true)
            .YesNo(l => l.Lesion.IsLymphNode, "les_is_lymph_node", "Lymph node (measured on the short axis)")
            .Choice(l => l.Lesion.Role, "les_role", "Role", required: true)
            .Number(l => l.Lesion.LongestDiameterMm, "les_longest_diameter_mm", "Longest diameter (mm); required for target lesions that are not nodes", PatientFieldRules.DiameterMm)
            .Number(l => l.Lesion.ShortAxisMm, "les_short_axis_mm", "Short axis (mm); required for target nodes", PatientFieldRules.DiameterMm)
            .Number(l => l.Lesion.ViableDiameterMm, "les_viable_diameter_mm", "Viable (enhancing) diameter (mm), mRECIST", PatientFieldRules.DiameterMm)
            .Choice(l => l.Lesion.NonTargetStatus, "les_nontarget_status", "Non-target lesion status")
            .YesNo(l => l.Lesion.TypicalHccPattern, "les_typical_hcc_pattern", "New liver lesion with the typical HCC pattern")
            .YesNo(l => l.Lesion.PortalVeinTumorThrombus, "les_portal_vein_thrombus", "Portal-vein tumor thrombus");

        var adverseEvents = new Form<AdverseEventDto>("adverse_events", "Adverse events", true, "adverseEvents[]")
            .Text(a => a.SourceId, "ae_source_id", "Source record ID", r)
            .Text(a => a.Term, "ae_term", "CTCAE v5.0 term", null, required: true,
                note: "A term of GET /api/v1/vocabularies/ctcae-terms (checked on import)")
            .Integer(a => a.MeddraCode, "ae_meddra_code", "MedDRA LLT code (filled from the term when empty)", null)
            .Text(a => a.CtcaeVersion, "ae_ctcae_version", "CTCAE version (only 5.0)", null)
            .Integer(a => a.Grade, "ae_grade", "CTCAE grade", PatientFieldRules.AeGrade, required: true)
            .Date(a => a.OnsetDate, "ae_onset_date", "Onset date", required: true)
            .Date(a => a.ResolutionDate, "ae_resolution_date", "Resolution date")
            .Choice(a => a.Attribution, "ae_attribution", "Attribution to study treatment", required: true)
            .Checkbox(a => a.SuspectedTreatments, "ae_suspected", "Suspected treatments")
            .YesNo(a => a.Serious, "ae_serious", "Serious adverse event");

        var followUp = new Form<FollowUpDto>("follow_up", "Follow-up", false, "followUp")
            .Text(f => f.SourceId, "fu_source_id", "Source record ID", r)
            .Date(f => f.LastKnownAliveDate, "fu_last_known_alive_date", "Last date known alive")
            .Date(f => f.DeathDate, "fu_death_date", "Date of death")
            .Text(f => f.DeathCause, "fu_death_cause", "Cause of death", PatientFieldRules.ReasonLength)
            .YesNo(f => f.LostToFollowUp, "fu_lost_to_follow_up", "Lost to follow-up")
            .Date(f => f.ClinicalProgressionDate, "fu_clinical_progression_date", "Clinical (non-radiologic) progression date");

        var therapies = new Form<SubsequentTherapyEntry>("subsequent_therapies", "Subsequent therapies", true, "followUp.subsequentTherapies[]")
            .Date(t => t.StartDate, "st_start_date", "Start date", required: true)
            .Text(t => t.Type, "st_type", "Therapy", PatientFieldRules.TherapyTypeLength, required: true);

        return new RedcapProject(
        [
            patient.Instrument, baseline.Instrument, rt.Instrument, fractions.Instrument, tace.Instrument, sorafenib.Instrument,
            doseChanges.Instrument, pd1.Instrument, assessments.Instrument, lesions.Instrument, adverseEvents.Instrument,
            followUp.Instrument, therapies.Instrument,
        ]);
    }

    /// <summary>The choices of an enum: raw code = position + 1 (stable while members are only appended), label = the
    /// value the registry's JSON uses.</summary>
    internal static IReadOnlyList<RedcapChoice> ChoicesOf(Type enumType) =>
        Enum.GetValues(enumType).Cast<object>()
            .Select((value, i) => new RedcapChoice((i + 1).ToString(CultureInfo.InvariantCulture), JsonLabel(enumType, value), value))
            .ToList();

    private static string JsonLabel(Type enumType, object value)
    {
        var name = Enum.GetName(enumType, value)!;
        var attribute = enumType.GetField(name)!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>();
        return attribute?.Name ?? Camel.ConvertName(name);
    }

    /// <summary>Builds one instrument's _fields from property expressions, so each field is bound to the property it names.</summary>
    private sealed class Form<T>(string name, string label, bool repeating, string documentPath)
        where T : class, new()
    {
        public RedcapInstrument Instrument { get; } = new(name, label, repeating, documentPath, () => new T());

        public Form<T> Text(Expression<Func<T, string?>> property, string field, string fieldLabel, int? maxLength, bool required = false, string? note = null) =>
            Add(property, field, fieldLabel, RedcapFieldKind.Text, required, null, maxLength, [], note ?? (maxLength is { } m ? $"Up to {m} characters" : null), false);

        public Form<T> Date(Expression<Func<T, DateOnly?>> property, string field, string fieldLabel, bool required = false, bool parentLink = false) =>
            Add(property, field, fieldLabel, RedcapFieldKind.Date, required, null, null, [], null, parentLink);

        public Form<T> Integer(Expression<Func<T, int?>> property, string field, string fieldLabel, FieldBound? bound, bool required = false) =>
            Add(property, field, fieldLabel, RedcapFieldKind.Integer, required, bound, null, [], null, false);

        public Form<T> Number(Expression<Func<T, double?>> property, string field, string fieldLabel, FieldBound bound, bool required = false) =>
            Add(property, field, fieldLabel, RedcapFieldKind.Number, required, bound, null, [], bound.MinExclusive ? $"Greater than {Fmt(bound.Min)}" : null, false);

        public Form<T> YesNo(Expression<Func<T, bool?>> property, string field, string fieldLabel, bool required = false) =>
            Add(property, field, fieldLabel, RedcapFieldKind.YesNo, required, null, null, YesNoChoices, null, false);

        public Form<T> Choice<TEnum>(Expression<Func<T, TEnum?>> property, string field, string fieldLabel, bool required = false)
            where TEnum : struct, Enum =>
            Add(property, field, fieldLabel, RedcapFieldKind.Dropdown, required, null, null, ChoicesOf(typeof(TEnum)), null, false);

        public Form<T> Checkbox<TEnum>(Expression<Func<T, List<TEnum>>> property, string field, string fieldLabel)
            where TEnum : struct, Enum
        {
            var (get, _, json) = Bind(property);
            Instrument.Add(new RedcapField
            {
                Name = field,
                Instrument = Instrument,
                Label = fieldLabel,
                Kind = RedcapFieldKind.Checkbox,
                JsonName = json,
                Choices = ChoicesOf(typeof(TEnum)),
                Get = o => get(o),
                // Choices are added one checked column at a time.
                Set = (o, v) => ((List<TEnum>)get(o)!).Add((TEnum)v!),
            });
            return this;
        }

        private Form<T> Add<TValue>(
            Expression<Func<T, TValue>> property, string field, string fieldLabel, RedcapFieldKind kind, bool required,
            FieldBound? bound, int? maxLength, IReadOnlyList<RedcapChoice> choices, string? note, bool parentLink)
        {
            var (get, set, json) = Bind(property);
            Instrument.Add(new RedcapField
            {
                Name = field,
                Instrument = Instrument,
                Label = fieldLabel,
                Kind = kind,
                JsonName = parentLink ? null : json,
                Required = required,
                Bound = bound,
                MaxLength = maxLength,
                Choices = choices,
                Note = note,
                Get = get,
                Set = set,
            });
            return this;
        }

        // A compiled getter and setter of the (possibly nested) property, and its JSON name.
        private static (Func<object, object?> Get, Action<object, object?> Set, string Json) Bind<TValue>(Expression<Func<T, TValue>> property)
        {
            var member = (MemberExpression)property.Body;
            var target = Expression.Parameter(typeof(object), "target");
            var value = Expression.Parameter(typeof(object), "value");
            var body = new ReplaceParameter(property.Parameters[0], Expression.Convert(target, typeof(T))).Visit(member)!;
            var getter = Expression.Lambda<Func<object, object?>>(Expression.Convert(body, typeof(object)), target).Compile();
            var assign = Expression.Assign(body, Expression.Convert(value, typeof(TValue)));
            var setter = Expression.Lambda<Action<object, object?>>(assign, target, value).Compile();
            return (getter, setter, Camel.ConvertName(member.Member.Name));
        }
    }

    private static string Fmt(double value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
