using System.Globalization;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Domain;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Domain.Safety;
using Hl7.Fhir.Model;
using static HccOutcomes.Api.Interop.Fhir.FhirValues;
using AdverseEvent = Hl7.Fhir.Model.AdverseEvent;
using Patient = Hl7.Fhir.Model.Patient;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>
/// FHIR R4 resources (mCODE profiles, interop/fhir/README.md) grouped by their patient into patient documents: the
/// inverse of <see cref="PatientToFhir"/>. Mapping problems are collected, each naming the resource and FHIR path; the
/// clinical rules stay with the patient-document validator, whose paths <see cref="Provenance"/> translates back.
/// </summary>
internal sealed class FhirToPatient(FhirOptions options)
{
    private FhirOptions Options { get; } = options;

    private static readonly UnitConversion[] Millimetres = [new("mm", 1), new("cm", 10)];
    private static readonly UnitConversion[] Grays = [new("Gy", 1), new("cGy", 0.01)];
    private static readonly UnitConversion[] Milligrams = [new("mg", 1), new("g", 1000)];
    private static readonly UnitConversion[] Millilitres = [new("mL", 1)];
    private static readonly UnitConversion[] Years = [new("a", 1)];

    private static readonly Dictionary<string, QuantityField> QuantityByLoinc =
        BaselineFields.Quantities.Where(f => f.System == FhirCodes.Loinc).ToDictionary(f => f.Code)
            .Append(new(FhirCodes.BilirubinMass, BaselineFields.Quantities.Single(f => f.Code == FhirCodes.BilirubinMoles)))
            .ToDictionary(kv => kv.Key, kv => kv.Value);

    private static readonly Dictionary<string, QuantityField> QuantityByLocal =
        BaselineFields.Quantities.Where(f => f.System is null).ToDictionary(f => f.Code);

    private static readonly Dictionary<string, FlagField> FindingByCode = BaselineFields.Findings.ToDictionary(f => f.Code);
    private static readonly Dictionary<string, FlagField> ConditionByCode = BaselineFields.Conditions.ToDictionary(f => f.Code);
    private static readonly Dictionary<string, AntiPd1Agent> AntiPd1ByRxNorm = FhirCodes.AntiPd1RxNorm.ToDictionary(kv => kv.Value, kv => kv.Key);
    private static readonly Dictionary<string, RadiotherapyTechnique> TechniqueBySnomed = FhirEnums.TechniqueSnomed.ToDictionary(kv => kv.Value, kv => kv.Key);
    private static readonly Dictionary<string, ImagingModality> ModalityByDicom = FhirEnums.Modality.ToDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>Maps the resources of one payload. <paramref name="errors"/> receives every mapping problem.</summary>
    /// <param name="entries">The resources.</param>
    /// <param name="errors">Receives every mapping problem.</param>
    /// <param name="provenance">Gives each Patient's provenance by its label; null: recorded while mapping.</param>
    public FhirMapping Map(IReadOnlyList<FhirEntry> entries, FhirErrors errors, Func<string, Provenance>? provenance = null)
    {
        var index = new Dictionary<string, FhirEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var key = Key(entry.Resource);
            if (key is not null && !index.TryAdd(key, entry))
            {
                DuplicateId(entry.Label, entry.Resource.TypeName, entry.Resource.Id, errors);
            }

            if (entry.FullUrl is { } fullUrl && fullUrl != key)
            {
                index.TryAdd(fullUrl, entry);
            }
        }

        // Patients first, in the order received.
        var builders = new Dictionary<Resource, PatientBuilder>(ReferenceEqualityComparer.Instance);
        var unused = new List<UnusedResource>();
        foreach (var entry in entries)
        {
            if (entry.Resource is not Patient patient)
            {
                continue;
            }

            var externalId = patient.Identifier.FirstOrDefault(i => i.System == Options.IdentifierSystem)?.Value;
            if (string.IsNullOrEmpty(externalId))
            {
                errors.Add(entry.Label, "Patient.identifier", $"The Patient has no identifier with system '{Options.IdentifierSystem}' (the registry's patient ID).");
                continue;
            }

            builders[patient] = new PatientBuilder(this, entry, externalId, errors, provenance?.Invoke(entry.Label) ?? new Provenance(entry.Label));
        }

        foreach (var entry in entries)
        {
            var resource = entry.Resource;
            if (resource is Patient)
            {
                continue;
            }

            if (resource is ResearchStudy)
            {
                // The cohort is the URL's; the study only names it.
                continue;
            }

            if (PatientReferences.Of(resource) is not { } subject)
            {
                unused.Add(new(entry.Label, $"A {resource.TypeName} is not part of a patient document."));
                continue;
            }

            var (reference, path) = subject;
            if (reference?.Reference is not { Length: > 0 } target)
            {
                errors.Add(entry.Label, path, "The resource names no patient.");
                continue;
            }

            if (Resolve(index, target) is not { Resource: Patient owner } || !builders.TryGetValue(owner, out var builder))
            {
                var found = Resolve(index, target);
                errors.Add(entry.Label, path, found is null
                    ? $"'{target}' is not in the payload: every resource's patient must be sent with it."
                    : $"'{target}' is a {found.Resource.TypeName}, or a Patient that could not be read; a Patient is expected.");
                continue;
            }

            builder.Add(entry);
        }

        var patients = new List<MappedPatient>(builders.Count);
        foreach (var builder in builders.Values)
        {
            patients.Add(builder.Build(index, unused));
        }

        return new FhirMapping(patients, entries.Count, unused);
    }

    /// <summary>One externalId is one patient: every Patient after the first with an identifier is an error.</summary>
    public static void CheckIdentifiers(IEnumerable<MappedPatient> patients, FhirErrors errors)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var patient in patients)
        {
            var externalId = patient.Document.ExternalId!;
            if (!first.TryAdd(externalId, patient.Provenance.PatientLabel))
            {
                errors.Add(patient.Provenance.PatientLabel, "Patient.identifier", $"{first[externalId]} has the same identifier '{externalId}': one patient, one Patient resource.");
            }
        }
    }

    /// <summary>Reports a resource whose type and id another resource of the payload already has.</summary>
    public static void DuplicateId(string label, string type, string? id, FhirErrors errors) =>
        errors.Add(label, type + ".id", $"Another {type} has the id '{id}'.");

    private static string? Key(Resource resource) => resource.Id is { Length: > 0 } id ? $"{resource.TypeName}/{id}" : null;

    private static FhirEntry? Resolve(Dictionary<string, FhirEntry> index, string reference)
    {
        if (index.TryGetValue(reference, out var entry))
        {
            return entry;
        }

        return PatientReferences.TypeAndId(reference) is { } key && index.TryGetValue(key, out entry) ? entry : null;
    }

    private static bool Has(CodeableConcept? concept, string system, string code) =>
        concept?.Coding.Any(c => c.System == system && c.Code == code) == true;

    private string? LocalCode(CodeableConcept? concept) => concept?.Coding.FirstOrDefault(c => c.System == Options.LocalCodeSystem)?.Code;

    /// <summary>Builds one patient's document from its resources.</summary>
    private sealed class PatientBuilder(FhirToPatient mapper, FhirEntry patient, string externalId, FhirErrors errors, Provenance provenance)
    {
        private readonly List<FhirEntry> _resources = [];
        private readonly PatientDocument _document = new() { ExternalId = externalId };
        private readonly Provenance _provenance = provenance;
        private FhirEntry? _subject;
        private readonly Dictionary<DateOnly, TumorAssessmentDto> _assessmentsByDate = [];
        private readonly HashSet<Resource> _consumed = new(ReferenceEqualityComparer.Instance);
        private Dictionary<string, FhirEntry> _index = null!;
        private List<UnusedResource> _unused = null!;

        private FhirOptions Options => mapper.Options;

        public void Add(FhirEntry entry) => _resources.Add(entry);

        public MappedPatient Build(Dictionary<string, FhirEntry> resourceIndex, List<UnusedResource> unusedResources)
        {
            _index = resourceIndex;
            _unused = unusedResources;
            ReadPatient((Patient)patient.Resource);

            // Reports first: they say which observations make up each tumor assessment.
            foreach (var entry in _resources.Where(e => e.Resource is DiagnosticReport))
            {
                Use(entry, ReadReport(entry));
            }

            foreach (var entry in _resources)
            {
                if (entry.Resource is DiagnosticReport || _consumed.Contains(entry.Resource))
                {
                    continue;
                }

                Use(entry, entry.Resource switch
                {
                    ResearchSubject s => ReadSubject(entry, s),
                    Observation o => ReadObservation(entry, o),
                    Condition c => ReadCondition(entry, c),
                    Procedure p => ReadProcedure(entry, p),
                    MedicationRequest m => ReadMedicationRequest(entry, m),
                    MedicationAdministration m => ReadAdministration(entry, m),
                    AdverseEvent a => ReadAdverseEvent(entry, a),
                    _ => null,
                });
            }

            // Lesions' BodyStructures are used through the observations that measure them.
            foreach (var entry in _resources.Where(e => e.Resource is BodyStructure && !_consumed.Contains(e.Resource)))
            {
                _unused.Add(new(entry.Label, "No tumor size observation refers to this BodyStructure."));
            }

            if (_document.AgeYears is null && ((Patient)patient.Resource).BirthDate is { } birth && ToDate(birth) is { } born && _document.OnStudyDate is { } on)
            {
                _document.AgeYears = on.Year - born.Year - (on.DayOfYear < born.DayOfYear ? 1 : 0);
                _provenance.Set("ageYears", patient.Label, "Patient.birthDate");
            }

            _document.TumorAssessments = [.. _document.TumorAssessments.OrderBy(a => a.Date)];
            return new MappedPatient(_document, _provenance);
        }

        // A resource that mapped to nothing is reported, with the reason.
        private void Use(FhirEntry entry, string? notUsed)
        {
            _consumed.Add(entry.Resource);
            if (notUsed is not null)
            {
                _unused.Add(new(entry.Label, notUsed));
            }
        }

        private const string NoCode = "Its code is not one the registry maps (interop/fhir/README.md).";

        private void ReadPatient(Patient p)
        {
            _provenance.Set("externalId", patient.Label, "Patient.identifier");
            _document.SourceId = p.Identifier.FirstOrDefault(i => i.System == Options.SourceIdentifierSystem)?.Value;
            _provenance.Set("sourceId", patient.Label, "Patient.identifier");
            _document.Sex = p.Gender switch
            {
                AdministrativeGender.Male => Sex.Male,
                AdministrativeGender.Female => Sex.Female,
                _ => null,
            };
            _provenance.Set("sex", patient.Label, "Patient.gender");
            if (p.Deceased is FhirDateTime { Value: { } died })
            {
                if (ToDate(died) is { } death)
                {
                    FollowUp(patient, "Patient").DeathDate = death;
                    _provenance.Set("followUp.deathDate", patient.Label, "Patient.deceasedDateTime");
                }
            }
        }

        private string? ReadSubject(FhirEntry entry, ResearchSubject s)
        {
            if (_subject is not null)
            {
                errors.Add(entry.Label, "ResearchSubject", $"The patient already has {_subject.Label}: one patient is one subject of the cohort.");
                return null;
            }

            _subject = entry;
            _document.Arm = s.ActualArm ?? s.AssignedArm ?? string.Empty;
            _provenance.Set("arm", entry.Label, s.ActualArm is null ? "ResearchSubject.assignedArm" : "ResearchSubject.actualArm");
            _document.OnStudyDate = ToDate(s.Period?.Start);
            _provenance.Set("onStudyDate", entry.Label, "ResearchSubject.period.start");
            _document.Site = (s.GetExtensionValue<FhirString>(Options.Extension(FhirCodes.Extensions.Site)))?.Value;
            _provenance.Set("site", entry.Label, $"ResearchSubject.extension('{Options.Extension(FhirCodes.Extensions.Site)}')");
            return null;
        }

        private string? ReadObservation(FhirEntry entry, Observation o)
        {
            var b = _document.Baseline;
            foreach (var coding in o.Code.Coding)
            {
                if (coding.System == FhirCodes.Loinc)
                {
                    switch (coding.Code)
                    {
                        case FhirCodes.Age or "21612-7":
                            _document.AgeYears = o.Value is Integer { Value: { } years } ? years : (int?)Quantity(entry, o.Value, "Observation.value", Years);
                            _provenance.Set("ageYears", entry.Label, "Observation.value");
                            return null;
                        case FhirCodes.Ecog:
                            b.Ecog = Ecog(entry, o);
                            _provenance.Set("baseline.ecog", entry.Label, "Observation.value");
                            return null;
                        case FhirCodes.TumorSize:
                            ReadLesion(entry, o, null);
                            return null;
                        case FhirCodes.DiseaseStatus:
                            ReadResponse(entry, o, null);
                            return null;
                    }

                    if (QuantityByLoinc.TryGetValue(coding.Code ?? string.Empty, out var field))
                    {
                        return ReadQuantity(entry, o, field);
                    }
                }
                else if (coding.System == Options.LocalCodeSystem)
                {
                    if (QuantityByLocal.TryGetValue(coding.Code ?? string.Empty, out var field))
                    {
                        return ReadQuantity(entry, o, field);
                    }

                    if (FindingByCode.TryGetValue(coding.Code ?? string.Empty, out var finding))
                    {
                        Flag(entry, o.Value, "Observation.value", finding);
                        return null;
                    }

                    switch (coding.Code)
                    {
                        case FhirCodes.Local.ChildPughScore:
                            b.ChildPughScore = Int(entry, o.Value, "Observation.value");
                            _provenance.Set("baseline.childPughScore", entry.Label, "Observation.value");
                            return null;
                        case FhirCodes.Local.IntrahepaticLesionCount:
                            b.IntrahepaticLesionCount = Int(entry, o.Value, "Observation.value");
                            _provenance.Set("baseline.intrahepaticLesionCount", entry.Label, "Observation.value");
                            return null;
                        case FhirCodes.Local.ChildPughClass:
                            b.ChildPughClass = Coded(entry, o.Value as CodeableConcept, "Observation.valueCodeableConcept", FhirEnums.ChildPugh);
                            _provenance.Set("baseline.childPughClass", entry.Label, "Observation.valueCodeableConcept");
                            return null;
                        case FhirCodes.Local.BclcStage:
                            b.BclcStage = Coded(entry, o.Value as CodeableConcept, "Observation.valueCodeableConcept", FhirEnums.Bclc);
                            _provenance.Set("baseline.bclcStage", entry.Label, "Observation.valueCodeableConcept");
                            return null;
                        case FhirCodes.Local.FollowUp:
                            ReadFollowUp(entry, o);
                            return null;
                    }
                }
            }

            return NoCode;
        }

        private string? ReadQuantity(FhirEntry entry, Observation o, QuantityField field)
        {
            if (Quantity(entry, o.Value, "Observation.valueQuantity", field.Accepted) is { } value)
            {
                field.Set(_document.Baseline, value);
            }

            _provenance.Set("baseline." + field.Field, entry.Label, "Observation.valueQuantity");
            return null;
        }

        private void Flag(FhirEntry entry, DataType? value, string path, FlagField field)
        {
            if (value is FhirBoolean { Value: { } flag })
            {
                field.Set(_document.Baseline, flag);
            }
            else
            {
                errors.Add(entry.Label, path, "A valueBoolean is expected.");
            }

            _provenance.Set("baseline." + field.Field, entry.Label, path);
        }

        private int? Ecog(FhirEntry entry, Observation o)
        {
            switch (o.Value)
            {
                case Integer { Value: { } score }:
                    return score;
                case CodeableConcept concept when concept.Coding.Select(c => Array.IndexOf(FhirCodes.EcogAnswers, c.Code)).FirstOrDefault(i => i >= 0, -1) is var i and >= 0:
                    return i;
                default:
                    errors.Add(entry.Label, "Observation.value", "ECOG is a valueInteger 0–5 or a LOINC answer LA9622-7 … LA9627-6.");
                    return null;
            }
        }

        private string? ReadCondition(FhirEntry entry, Condition c)
        {
            var refuted = Has(c.VerificationStatus, FhirCodes.ConditionVerification, "refuted");
            if (Has(c.Code, FhirCodes.Snomed, FhirCodes.HccSnomed) || c.Code?.Coding.Any(x => x.System == FhirCodes.Icd10Cm && x.Code?.StartsWith("C22", StringComparison.Ordinal) == true) == true)
            {
                foreach (var evidence in c.Evidence)
                {
                    foreach (var code in evidence.Code)
                    {
                        if (FhirEnums.DiagnosisBasis.TryParse(mapper.LocalCode(code), out var basis))
                        {
                            _document.Baseline.DiagnosisBasis = basis;
                            _provenance.Set("baseline.diagnosisBasis", entry.Label, "Condition.evidence.code");
                        }
                    }
                }

                return null;
            }

            foreach (var coding in c.Code?.Coding ?? [])
            {
                if (coding.System == FhirCodes.Snomed && ConditionByCode.TryGetValue(coding.Code ?? string.Empty, out var field))
                {
                    field.Set(_document.Baseline, !refuted);
                    _provenance.Set("baseline." + field.Field, entry.Label, "Condition.verificationStatus");
                    return null;
                }
            }

            return NoCode;
        }

        private string? ReadProcedure(FhirEntry entry, Procedure p)
        {
            if (Has(p.Code, FhirCodes.Snomed, FhirCodes.RadiotherapyCourse))
            {
                ReadRadiotherapy(entry, p);
                return null;
            }

            switch (mapper.LocalCode(p.Code))
            {
                case FhirCodes.Local.Tace:
                    ReadTace(entry, p);
                    return null;
                case FhirCodes.Local.SubsequentTherapy:
                    var followUp = FollowUp(entry, "Procedure");
                    var i = followUp.SubsequentTherapies.Count;
                    if (ToDate((p.Performed as FhirDateTime)?.Value ?? (p.Performed as Period)?.Start) is { } start)
                    {
                        followUp.SubsequentTherapies.Add(new SubsequentTherapyRecord(start, p.Code?.Text ?? string.Empty));
                        _provenance.Set($"followUp.subsequentTherapies[{i}]", entry.Label, "Procedure");
                    }
                    else
                    {
                        errors.Add(entry.Label, "Procedure.performed", "A subsequent therapy needs its start date.");
                    }

                    return null;
                default:
                    return NoCode;
            }
        }

        private void ReadRadiotherapy(FhirEntry entry, Procedure p)
        {
            var path = $"radiotherapyCourses[{_document.RadiotherapyCourses.Count}]";
            var course = new RadiotherapyCourseDto { SourceId = SourceId(p.Identifier) };
            _document.RadiotherapyCourses.Add(course);
            _provenance.Set(path, entry.Label, "Procedure");
            var period = p.Performed as Period;
            course.StartDate = ToDate(period?.Start ?? (p.Performed as FhirDateTime)?.Value);
            course.EndDate = ToDate(period?.End);
            _provenance.Set(path + ".startDate", entry.Label, "Procedure.performedPeriod.start");
            _provenance.Set(path + ".endDate", entry.Label, "Procedure.performedPeriod.end");

            var modality = p.GetExtension(FhirCodes.ModalityAndTechniqueExtension);
            var technique = modality?.Extension.FirstOrDefault(e => e.Url == "technique")?.Value as CodeableConcept;
            _provenance.Set(path + ".technique", entry.Label, $"Procedure.extension('{FhirCodes.ModalityAndTechniqueExtension}').extension('technique')");
            foreach (var coding in technique?.Coding ?? [])
            {
                if (coding.System == FhirCodes.Snomed && TechniqueBySnomed.TryGetValue(coding.Code ?? string.Empty, out var t))
                {
                    course.Technique = t;
                }
                else if (coding.System == Options.LocalCodeSystem && coding.Code == FhirCodes.Local.Sbrt)
                {
                    course.Technique = RadiotherapyTechnique.Sbrt;
                }
            }

            course.TotalDoseGy = ExtensionQuantity(entry, p, FhirCodes.Extensions.PrescribedTotalDose, Grays, path + ".totalDoseGy");
            course.DosePerFractionGy = ExtensionQuantity(entry, p, FhirCodes.Extensions.PrescribedDosePerFraction, Grays, path + ".dosePerFractionGy");
            course.FractionsPlanned = ExtensionInt(entry, p, FhirCodes.Extensions.FractionsPlanned, path + ".fractionsPlanned");
            course.LesionsTreated = ExtensionInt(entry, p, FhirCodes.Extensions.LesionsTreated, path + ".lesionsTreated");

            var fractionUrl = Options.Extension(FhirCodes.Extensions.DeliveredFraction);
            var f = 0;
            foreach (var fraction in p.Extension.Where(e => e.Url == fractionUrl))
            {
                var at = $"Procedure.extension('{fractionUrl}')[{f}]";
                var date = ToDate((fraction.Extension.FirstOrDefault(e => e.Url == "date")?.Value as FhirDateTime)?.Value);
                var dose = Quantity(entry, fraction.Extension.FirstOrDefault(e => e.Url == "dose")?.Value, at + ".extension('dose').value", Grays);
                if (date is { } d && dose is { } gy)
                {
                    course.Fractions.Add(new DeliveredFractionRecord(d, gy));
                }
                else if (date is null)
                {
                    errors.Add(entry.Label, at + ".extension('date')", "A delivered fraction needs its date.");
                }

                _provenance.Set($"{path}.fractions[{f}]", entry.Label, at);
                f++;
            }

            // Without the registry's prescription extensions, the delivered course (mCODE) stands in for the prescription.
            var delivered = p.Extension.Where(e => e.Url == FhirCodes.DoseDeliveredToVolumeExtension).ToList();
            if (delivered.Count > 0)
            {
                var deliveredPath = $"Procedure.extension('{FhirCodes.DoseDeliveredToVolumeExtension}')";
                var total = delivered.Sum(v => Quantity(entry, v.Extension.FirstOrDefault(e => e.Url == "totalDoseDelivered")?.Value, deliveredPath + ".extension('totalDoseDelivered').value", Grays) ?? 0);
                var fractions = delivered.Max(v => (v.Extension.FirstOrDefault(e => e.Url == "fractionsDelivered")?.Value as UnsignedInt)?.Value ?? 0);
                if (course.TotalDoseGy is null && total > 0)
                {
                    course.TotalDoseGy = Math.Round(total / delivered.Count, 6);
                    _provenance.Set(path + ".totalDoseGy", entry.Label, deliveredPath);
                }

                if (course.FractionsPlanned is null && fractions > 0)
                {
                    course.FractionsPlanned = fractions;
                    _provenance.Set(path + ".fractionsPlanned", entry.Label, deliveredPath);
                }

                if (course.DosePerFractionGy is null && course.TotalDoseGy is { } t && course.FractionsPlanned is { } n and > 0)
                {
                    course.DosePerFractionGy = Math.Round(t / n, 6);
                    _provenance.Set(path + ".dosePerFractionGy", entry.Label, deliveredPath);
                }

                course.LesionsTreated ??= delivered.Count;
            }
        }

        private void ReadTace(FhirEntry entry, Procedure p)
        {
            var path = $"taceSessions[{_document.TaceSessions.Count}]";
            var session = new TaceSessionDto { SourceId = SourceId(p.Identifier) };
            _document.TaceSessions.Add(session);
            _provenance.Set(path, entry.Label, "Procedure");
            session.Date = ToDate((p.Performed as FhirDateTime)?.Value ?? (p.Performed as Period)?.Start);
            _provenance.Set(path + ".date", entry.Label, "Procedure.performed");
            foreach (var used in p.UsedCode)
            {
                var code = mapper.LocalCode(used);
                if (FhirEnums.TaceAgent.TryParse(code, out var agent))
                {
                    session.ChemotherapyAgent = agent;
                }
                else if (FhirEnums.Embolic.TryParse(code, out var embolic))
                {
                    session.EmbolicAgent = embolic;
                }
            }

            _provenance.Set(path + ".chemotherapyAgent", entry.Label, "Procedure.usedCode");
            _provenance.Set(path + ".embolicAgent", entry.Label, "Procedure.usedCode");
            var doseUrl = Options.Extension(FhirCodes.Extensions.TaceChemotherapyDose);
            if (p.GetExtension(doseUrl)?.Value is Quantity { Value: { } dose } quantity)
            {
                session.ChemotherapyDose = Double(dose);
                var unit = quantity.Code ?? quantity.Unit;
                if (unit is not null)
                {
                    var match = FhirEnums.DoseUnit.Where(kv => kv.Value == unit).Select(kv => (ChemotherapyDoseUnit?)kv.Key).FirstOrDefault();
                    if (match is not null)
                    {
                        session.ChemotherapyDoseUnit = match;
                    }
                    else
                    {
                        errors.Add(entry.Label, $"Procedure.extension('{doseUrl}').value.code", $"Unit '{unit}' is not one of mg, mg/m2.");
                    }
                }
            }

            _provenance.Set(path + ".chemotherapyDose", entry.Label, $"Procedure.extension('{doseUrl}')");
            _provenance.Set(path + ".chemotherapyDoseUnit", entry.Label, $"Procedure.extension('{doseUrl}').value.code");
            session.LipiodolMl = ExtensionQuantity(entry, p, FhirCodes.Extensions.TaceLipiodol, Millilitres, path + ".lipiodolMl");
            session.TechnicalSuccess = Has(p.Outcome, FhirCodes.Snomed, FhirCodes.Successful) ? true
                : Has(p.Outcome, FhirCodes.Snomed, FhirCodes.Unsuccessful) ? false : null;
            _provenance.Set(path + ".technicalSuccess", entry.Label, "Procedure.outcome");
        }

        private string? ReadMedicationRequest(FhirEntry entry, MedicationRequest m)
        {
            var concept = m.Medication as CodeableConcept;
            var isSorafenib = Has(concept, FhirCodes.RxNorm, FhirCodes.SorafenibRxNorm) || Has(concept, FhirCodes.Atc, FhirCodes.SorafenibAtc)
                || Has(concept, FhirCodes.Atc, "L01XE05") || mapper.LocalCode(concept) == FhirCodes.Local.Sorafenib;
            if (!isSorafenib)
            {
                return "Only sorafenib courses are read from MedicationRequest.";
            }

            var path = $"sorafenibCourses[{_document.SorafenibCourses.Count}]";
            var course = new SorafenibCourseDto { SourceId = SourceId(m.Identifier), DiscontinuationReason = m.StatusReason?.Text };
            _document.SorafenibCourses.Add(course);
            _provenance.Set(path, entry.Label, "MedicationRequest");
            _provenance.Set(path + ".discontinuationReason", entry.Label, "MedicationRequest.statusReason.text");
            var reasonUrl = Options.Extension(FhirCodes.Extensions.DoseChangeReason);
            for (var i = 0; i < m.DosageInstruction.Count; i++)
            {
                var dosage = m.DosageInstruction[i];
                var at = $"MedicationRequest.dosageInstruction[{i}]";
                var bounds = dosage.Timing?.Repeat?.Bounds as Period;
                var from = ToDate(bounds?.Start);
                var dose = Quantity(entry, dosage.DoseAndRate.FirstOrDefault()?.Dose, at + ".doseAndRate.dose", Milligrams);
                if (i == 0)
                {
                    course.StartDate = from ?? ToDate(m.AuthoredOn);
                    course.StartingDailyDoseMg = dose;
                    _provenance.Set(path + ".startDate", entry.Label, at + ".timing.repeat.boundsPeriod.start");
                    _provenance.Set(path + ".startingDailyDoseMg", entry.Label, at + ".doseAndRate.dose");
                }
                else if (from is { } date && dose is { } mg)
                {
                    course.DoseChanges.Add(new SorafenibDoseChangeRecord(date, mg, dosage.GetExtensionValue<FhirString>(reasonUrl)?.Value));
                    _provenance.Set($"{path}.doseChanges[{i - 1}]", entry.Label, at);
                }
                else
                {
                    errors.Add(entry.Label, at, "A dose change needs its start (timing.repeat.boundsPeriod.start) and dose in mg.");
                }

                if (i == m.DosageInstruction.Count - 1)
                {
                    course.EndDate = ToDate(bounds?.End);
                    _provenance.Set(path + ".endDate", entry.Label, at + ".timing.repeat.boundsPeriod.end");
                }
            }

            return null;
        }

        private string? ReadAdministration(FhirEntry entry, MedicationAdministration m)
        {
            var concept = m.Medication as CodeableConcept;
            AntiPd1Agent? agent = null;
            foreach (var coding in concept?.Coding ?? [])
            {
                if (coding.System == Options.LocalCodeSystem && FhirEnums.AntiPd1.TryParse(coding.Code, out var local))
                {
                    agent = local;
                }
                else if (coding.System == FhirCodes.RxNorm && AntiPd1ByRxNorm.TryGetValue(coding.Code ?? string.Empty, out var rx))
                {
                    agent ??= rx;
                }
            }

            if (agent is null)
            {
                return "Only anti-PD1 infusions are read from MedicationAdministration.";
            }

            var path = $"antiPd1Cycles[{_document.AntiPd1Cycles.Count}]";
            var cycle = new AntiPd1CycleDto { SourceId = SourceId(m.Identifier), Agent = agent };
            _document.AntiPd1Cycles.Add(cycle);
            _provenance.Set(path, entry.Label, "MedicationAdministration");
            cycle.Date = ToDate((m.Effective as FhirDateTime)?.Value ?? (m.Effective as Period)?.Start);
            _provenance.Set(path + ".date", entry.Label, "MedicationAdministration.effective");
            cycle.DoseMg = Quantity(entry, m.Dosage?.Dose, "MedicationAdministration.dosage.dose", Milligrams);
            _provenance.Set(path + ".doseMg", entry.Label, "MedicationAdministration.dosage.dose");
            cycle.CycleNumber = ExtensionInt(entry, m, FhirCodes.Extensions.CycleNumber, path + ".cycleNumber");
            if (cycle.CycleNumber is null)
            {
                // Cycles numbered by their order when the sender does not number them.
                cycle.CycleNumber = _document.AntiPd1Cycles.Count;
            }

            return null;
        }

        private string? ReadReport(FhirEntry entry)
        {
            var report = (DiagnosticReport)entry.Resource;
            if (!Has(report.Code, Options.LocalCodeSystem, FhirCodes.Local.TumorAssessment) && !Has(report.Code, FhirCodes.Loinc, FhirCodes.ImagingReport))
            {
                return NoCode;
            }

            var assessment = NewAssessment(entry, "DiagnosticReport", ToDate((report.Effective as FhirDateTime)?.Value ?? (report.Effective as Period)?.Start));
            assessment.SourceId = SourceId(report.Identifier);
            var path = Path(assessment);
            _provenance.Set(path + ".date", entry.Label, "DiagnosticReport.effective");
            foreach (var category in report.Category)
            {
                foreach (var coding in category.Coding.Where(c => c.System == FhirCodes.DicomModality))
                {
                    if (ModalityByDicom.TryGetValue(coding.Code ?? string.Empty, out var modality))
                    {
                        assessment.Modality = modality;
                    }
                }
            }

            _provenance.Set(path + ".modality", entry.Label, "DiagnosticReport.category");
            for (var i = 0; i < report.Result.Count; i++)
            {
                var target = report.Result[i].Reference;
                if (target is null || Resolve(_index, target) is not { Resource: Observation observation } result)
                {
                    errors.Add(entry.Label, $"DiagnosticReport.result[{i}]", $"'{target}' is not an Observation in the payload.");
                    continue;
                }

                _consumed.Add(observation);
                if (Has(observation.Code, FhirCodes.Loinc, FhirCodes.TumorSize))
                {
                    ReadLesion(result, observation, assessment);
                }
                else if (Has(observation.Code, FhirCodes.Loinc, FhirCodes.DiseaseStatus))
                {
                    ReadResponse(result, observation, assessment);
                }
                else
                {
                    _unused.Add(new(result.Label, NoCode));
                }
            }

            return null;
        }

        private TumorAssessmentDto NewAssessment(FhirEntry entry, string path, DateOnly? date)
        {
            var assessment = new TumorAssessmentDto { Date = date };
            _document.TumorAssessments.Add(assessment);
            _provenance.Set(Path(assessment), entry.Label, path);
            if (date is { } d)
            {
                _assessmentsByDate.TryAdd(d, assessment);
            }

            return assessment;
        }

        private string Path(TumorAssessmentDto assessment) => $"tumorAssessments[{_document.TumorAssessments.IndexOf(assessment)}]";

        // An observation outside a report joins the assessment of its date. The first of them that names an imaging
        // method gives the assessment its modality, in whatever order they come.
        private TumorAssessmentDto AssessmentOf(FhirEntry entry, Observation o)
        {
            var date = ToDate((o.Effective as FhirDateTime)?.Value ?? (o.Effective as Period)?.Start);
            if (date is not { } d || !_assessmentsByDate.TryGetValue(d, out var assessment))
            {
                assessment = NewAssessment(entry, "Observation.effective", date);
                _provenance.Set(Path(assessment) + ".date", entry.Label, "Observation.effective");
                _provenance.Set(Path(assessment) + ".modality", entry.Label, "Observation.method");
            }

            if (assessment.Modality is null
                && o.Method?.Coding.FirstOrDefault(c => c.System == FhirCodes.DicomModality) is { } m && ModalityByDicom.TryGetValue(m.Code ?? string.Empty, out var modality))
            {
                assessment.Modality = modality;
                _provenance.Set(Path(assessment) + ".modality", entry.Label, "Observation.method");
            }

            return assessment;
        }

        private void ReadLesion(FhirEntry entry, Observation o, TumorAssessmentDto? assessment)
        {
            assessment ??= AssessmentOf(entry, o);
            var path = $"{Path(assessment)}.lesions[{assessment.Lesions.Count}]";
            var lesion = new LesionDto();
            assessment.Lesions.Add(lesion);
            _provenance.Set(path, entry.Label, "Observation");
            FhirEntry? body = null;
            for (var i = 0; i < o.Focus.Count; i++)
            {
                if (o.Focus[i].Reference is not { } target)
                {
                    continue;
                }

                var found = Resolve(_index, target);
                if (found is null)
                {
                    errors.Add(entry.Label, $"Observation.focus[{i}]", $"'{target}' is not in the payload.");
                }
                else if (found.Resource is BodyStructure)
                {
                    body ??= found;
                }
            }

            if (body?.Resource is BodyStructure structure)
            {
                _consumed.Add(structure);
                lesion.LesionId = structure.Identifier.FirstOrDefault(i => i.System == Options.SourceIdentifierSystem)?.Value
                    ?? structure.Identifier.FirstOrDefault()?.Value ?? structure.Id ?? string.Empty;
                _provenance.Set(path + ".lesionId", body.Label, "BodyStructure.identifier");
            }
            else
            {
                lesion.LesionId = o.Id ?? string.Empty;
                _provenance.Set(path + ".lesionId", entry.Label, "Observation.focus");
            }

            lesion.Site = o.BodySite?.Text ?? o.BodySite?.Coding.FirstOrDefault()?.Display
                ?? (body?.Resource as BodyStructure)?.Location?.Text ?? (body?.Resource as BodyStructure)?.Location?.Coding.FirstOrDefault()?.Display ?? string.Empty;
            _provenance.Set(path + ".site", entry.Label, "Observation.bodySite");
            lesion.LongestDiameterMm = o.Value is null ? null : Quantity(entry, o.Value, "Observation.valueQuantity", Millimetres);
            _provenance.Set(path + ".longestDiameterMm", entry.Label, "Observation.valueQuantity");
            for (var i = 0; i < o.Component.Count; i++)
            {
                var component = o.Component[i];
                var at = $"Observation.component[{i}].value";
                if (Has(component.Code, FhirCodes.Loinc, "33728-7") && lesion.LongestDiameterMm is null)
                {
                    lesion.LongestDiameterMm = Quantity(entry, component.Value, at, Millimetres);
                    _provenance.Set(path + ".longestDiameterMm", entry.Label, at);
                    continue;
                }

                switch (mapper.LocalCode(component.Code))
                {
                    case FhirCodes.Local.ShortAxis:
                        lesion.ShortAxisMm = Quantity(entry, component.Value, at, Millimetres);
                        _provenance.Set(path + ".shortAxisMm", entry.Label, at);
                        break;
                    case FhirCodes.Local.ViableDiameter:
                        lesion.ViableDiameterMm = Quantity(entry, component.Value, at, Millimetres);
                        _provenance.Set(path + ".viableDiameterMm", entry.Label, at);
                        break;
                    case FhirCodes.Local.LesionRole:
                        lesion.Role = Coded(entry, component.Value as CodeableConcept, at, FhirEnums.LesionRole);
                        break;
                    case FhirCodes.Local.NonTargetStatus:
                        lesion.NonTargetStatus = Coded(entry, component.Value as CodeableConcept, at, FhirEnums.NonTarget);
                        _provenance.Set(path + ".nonTargetStatus", entry.Label, at);
                        break;
                    case FhirCodes.Local.LymphNode:
                        lesion.IsLymphNode = (component.Value as FhirBoolean)?.Value;
                        break;
                    case FhirCodes.Local.TypicalHccPattern:
                        lesion.TypicalHccPattern = (component.Value as FhirBoolean)?.Value;
                        break;
                    case FhirCodes.Local.PortalVeinTumorThrombus:
                        lesion.PortalVeinTumorThrombus = (component.Value as FhirBoolean)?.Value;
                        break;
                }
            }

            _provenance.Set(path + ".role", entry.Label, "Observation.component");
        }

        private void ReadResponse(FhirEntry entry, Observation o, TumorAssessmentDto? assessment)
        {
            assessment ??= AssessmentOf(entry, o);
            var path = Path(assessment);
            var concept = o.Value as CodeableConcept;
            ResponseCategory? category = FhirEnums.Response.TryParse(mapper.LocalCode(concept), out var local) ? local : null;
            if (category is null)
            {
                errors.Add(entry.Label, "Observation.valueCodeableConcept", $"The response category (CR, PR, SD, PD, NE) is a code of {Options.LocalCodeSystem}: {FhirEnums.Response.Allowed}.");
            }

            if (mapper.LocalCode(o.Method) == FhirCodes.Local.MRecist)
            {
                assessment.InvestigatorMRecist = category;
                _provenance.Set(path + ".investigatorMRecist", entry.Label, "Observation.valueCodeableConcept");
            }
            else
            {
                assessment.InvestigatorRecist = category;
                _provenance.Set(path + ".investigatorRecist", entry.Label, "Observation.valueCodeableConcept");
            }
        }

        private string? ReadAdverseEvent(FhirEntry entry, AdverseEvent a)
        {
            var path = $"adverseEvents[{_document.AdverseEvents.Count}]";
            var meddra = a.Event?.Coding.FirstOrDefault(c => c.System == FhirCodes.MedDra);
            var ae = new AdverseEventDto
            {
                SourceId = a.Identifier?.System == Options.SourceIdentifierSystem ? a.Identifier.Value : null,
                Term = a.Event?.Text ?? meddra?.Display ?? string.Empty,
                OnsetDate = ToDate(a.Date),
            };
            _document.AdverseEvents.Add(ae);
            _provenance.Set(path, entry.Label, "AdverseEvent");
            _provenance.Set(path + ".term", entry.Label, "AdverseEvent.event");
            _provenance.Set(path + ".meddraCode", entry.Label, "AdverseEvent.event.coding");
            _provenance.Set(path + ".onsetDate", entry.Label, "AdverseEvent.date");
            if (meddra?.Code is { } code)
            {
                if (int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    ae.MeddraCode = number;
                    if (ae.Term.Length == 0 && CtcaeVocabulary.FindByCode(number) is { } term)
                    {
                        ae.Term = term.Term;
                    }
                }
                else
                {
                    errors.Add(entry.Label, "AdverseEvent.event.coding.code", $"MedDRA code '{code}' is not a number.");
                }
            }

            var grade = a.GetExtension(FhirCodes.AeGradeExtension)?.Value;
            var gradeCode = grade switch
            {
                CodeableConcept c => c.Coding.FirstOrDefault()?.Code,
                Coding c => c.Code,
                Integer { Value: { } i } => i.ToString(CultureInfo.InvariantCulture),
                _ => null,
            };
            if (gradeCode is not null)
            {
                if (int.TryParse(gradeCode, NumberStyles.None, CultureInfo.InvariantCulture, out var g))
                {
                    ae.Grade = g;
                }
                else
                {
                    errors.Add(entry.Label, $"AdverseEvent.extension('{FhirCodes.AeGradeExtension}').value", $"Grade '{gradeCode}' is not 1–5.");
                }
            }

            _provenance.Set(path + ".grade", entry.Label, $"AdverseEvent.extension('{FhirCodes.AeGradeExtension}')");
            ae.CtcaeVersion = a.GetExtensionValue<FhirString>(Options.Extension(FhirCodes.Extensions.CtcaeVersion))?.Value;
            _provenance.Set(path + ".ctcaeVersion", entry.Label, $"AdverseEvent.extension('{Options.Extension(FhirCodes.Extensions.CtcaeVersion)}')");
            ae.ResolutionDate = ToDate(a.GetExtensionValue<FhirDateTime>(Options.Extension(FhirCodes.Extensions.ResolutionDate))?.Value);
            _provenance.Set(path + ".resolutionDate", entry.Label, $"AdverseEvent.extension('{Options.Extension(FhirCodes.Extensions.ResolutionDate)}')");
            ae.Serious = Has(a.Seriousness, FhirCodes.AeSeriousness, "serious") ? true : Has(a.Seriousness, FhirCodes.AeSeriousness, "non-serious") ? false : null;
            _provenance.Set(path + ".serious", entry.Label, "AdverseEvent.seriousness");
            for (var i = 0; i < a.SuspectEntity.Count; i++)
            {
                var suspect = a.SuspectEntity[i];
                if (FhirEnums.Treatment.TryParse(suspect.Instance?.Identifier?.Value, out var treatment))
                {
                    ae.SuspectedTreatments.Add(treatment);
                }

                foreach (var causality in suspect.Causality)
                {
                    if (FhirEnums.Attribution.TryParse(mapper.LocalCode(causality.Assessment), out var attribution))
                    {
                        ae.Attribution = attribution;
                    }
                }

                _provenance.Set(path + ".attribution", entry.Label, $"AdverseEvent.suspectEntity[{i}].causality.assessment");
                _provenance.Set(path + ".suspectedTreatments", entry.Label, $"AdverseEvent.suspectEntity[{i}].instance");
            }

            return null;
        }

        private void ReadFollowUp(FhirEntry entry, Observation o)
        {
            var followUp = FollowUp(entry, "Observation");
            followUp.SourceId = SourceId(o.Identifier);
            for (var i = 0; i < o.Component.Count; i++)
            {
                var component = o.Component[i];
                var at = $"Observation.component[{i}].value";
                switch (mapper.LocalCode(component.Code))
                {
                    case FhirCodes.Local.LastKnownAlive:
                        followUp.LastKnownAliveDate = ToDate((component.Value as FhirDateTime)?.Value);
                        _provenance.Set("followUp.lastKnownAliveDate", entry.Label, at);
                        break;
                    case FhirCodes.Local.DeathCause:
                        followUp.DeathCause = (component.Value as FhirString)?.Value;
                        _provenance.Set("followUp.deathCause", entry.Label, at);
                        break;
                    case FhirCodes.Local.LostToFollowUp:
                        followUp.LostToFollowUp = (component.Value as FhirBoolean)?.Value;
                        _provenance.Set("followUp.lostToFollowUp", entry.Label, at);
                        break;
                    case FhirCodes.Local.ClinicalProgression:
                        followUp.ClinicalProgressionDate = ToDate((component.Value as FhirDateTime)?.Value);
                        _provenance.Set("followUp.clinicalProgressionDate", entry.Label, at);
                        break;
                }
            }
        }

        private FollowUpDto FollowUp(FhirEntry entry, string path)
        {
            if (_document.FollowUp is null)
            {
                _document.FollowUp = new FollowUpDto();
                _provenance.Set("followUp", entry.Label, path);
            }

            return _document.FollowUp;
        }

        private string? SourceId(List<Identifier> identifiers) => identifiers.FirstOrDefault(i => i.System == Options.SourceIdentifierSystem)?.Value;

        private double? ExtensionQuantity(FhirEntry entry, DomainResource resource, string name, UnitConversion[] units, string field)
        {
            var url = Options.Extension(name);
            var path = $"{resource.TypeName}.extension('{url}').value";
            _provenance.Set(field, entry.Label, path);
            return resource.GetExtension(url)?.Value is { } value ? Quantity(entry, value, path, units) : null;
        }

        private int? ExtensionInt(FhirEntry entry, DomainResource resource, string name, string field)
        {
            var url = Options.Extension(name);
            var path = $"{resource.TypeName}.extension('{url}').value";
            _provenance.Set(field, entry.Label, path);
            return resource.GetExtension(url)?.Value is { } value ? Int(entry, value, path) : null;
        }

        private int? Int(FhirEntry entry, DataType? value, string path)
        {
            switch (value)
            {
                case Integer { Value: { } i }:
                    return i;
                case PositiveInt { Value: { } p }:
                    return p;
                case UnsignedInt { Value: { } u }:
                    return u;
                case null:
                    return null;
                default:
                    errors.Add(entry.Label, path, "An integer is expected.");
                    return null;
            }
        }

        private T? Coded<T>(FhirEntry entry, CodeableConcept? concept, string path, LocalEnum<T> codes) where T : struct, Enum
        {
            if (codes.TryParse(mapper.LocalCode(concept), out var value))
            {
                return value;
            }

            errors.Add(entry.Label, path, $"A code of {Options.LocalCodeSystem} is expected: one of {codes.Allowed}.");
            return null;
        }

        /// <summary>The quantity converted to the registry's unit (the first of <paramref name="units"/>), or null with an error.</summary>
        private double? Quantity(FhirEntry entry, DataType? value, string path, UnitConversion[] units)
        {
            if (value is not Quantity quantity)
            {
                if (value is not null)
                {
                    errors.Add(entry.Label, path, $"A Quantity in {units[0].Ucum} is expected.");
                }

                return null;
            }

            if (quantity.Value is not { } number)
            {
                errors.Add(entry.Label, path + ".value", "The quantity has no value.");
                return null;
            }

            var unit = quantity.Code ?? quantity.Unit;
            var unitPath = path + (quantity.Code is null ? ".unit" : ".code");
            if (quantity.Code is not null && quantity.System is { } system && system != FhirCodes.Ucum)
            {
                errors.Add(entry.Label, path + ".system", $"Units are UCUM ({FhirCodes.Ucum}), not '{system}'.");
                return null;
            }

            var conversion = units.FirstOrDefault(u => string.Equals(u.Ucum, unit, StringComparison.Ordinal));
            if (conversion is null)
            {
                errors.Add(entry.Label, unitPath, $"Unit '{unit}' is not accepted here; use one of {string.Join(", ", units.Select(u => u.Ucum))} (UCUM).");
                return null;
            }

            var converted = Double(number);
            return conversion.Factor == 1 ? converted : Math.Round(converted * conversion.Factor, 6);
        }
    }
}
