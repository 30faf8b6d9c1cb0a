using System.Security.Cryptography;
using System.Text;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Domain;
using HccOutcomes.Domain.Registry;
using Hl7.Fhir.Model;
using static HccOutcomes.Api.Interop.Fhir.FhirValues;
using AdverseEvent = Hl7.Fhir.Model.AdverseEvent;
using Patient = Hl7.Fhir.Model.Patient;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>
/// A patient document as FHIR R4 resources in the mCODE profiles (interop/fhir/README.md has the table). Resource IDs
/// are derived from the externalId, so exporting twice gives the same IDs. <see cref="FhirToPatient"/> reads them back.
/// </summary>
internal sealed class PatientToFhir(FhirOptions options)
{
    /// <summary>The cohort as the ResearchStudy every ResearchSubject points at.</summary>
    public static ResearchStudy Study(Guid cohortId, string name) => new()
    {
        Id = cohortId.ToString("N"),
        Title = name,
        Status = ResearchStudy.ResearchStudyStatus.Active,
    };

    /// <summary>The FHIR id of a patient: a digest of the externalId (which may hold characters a FHIR id may not).</summary>
    public static string PatientId(string externalId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(externalId)).AsSpan(0, 16));

    /// <summary>Every resource of the patient, Patient first.</summary>
    public List<Resource> Map(PatientDocument d, string studyId)
    {
        var pid = PatientId(d.ExternalId!);
        var subject = new ResourceReference("Patient/" + pid);
        var resources = new List<Resource> { ToPatient(d, pid), Subject(d, pid, subject, studyId) };
        var b = d.Baseline;
        var on = d.OnStudyDate is { } date ? Date(date) : null;

        var cancer = new Condition
        {
            Id = pid + "-hcc",
            Meta = Profile(FhirCodes.PrimaryCancerConditionProfile),
            ClinicalStatus = Concept(new Coding(FhirCodes.ConditionClinical, "active")),
            VerificationStatus = Concept(new Coding(FhirCodes.ConditionVerification, "confirmed")),
            Category = [Concept(new Coding(FhirCodes.ConditionCategory, "problem-list-item"))],
            Code = Concept(new Coding(FhirCodes.Snomed, FhirCodes.HccSnomed, "Hepatocellular carcinoma"), new Coding(FhirCodes.Icd10Cm, FhirCodes.HccIcd10, "Liver cell carcinoma")),
            Subject = subject,
        };
        if (b.DiagnosisBasis is { } basis)
        {
            cancer.Evidence = [new Condition.EvidenceComponent { Code = [Concept(Local(options, FhirEnums.DiagnosisBasis.Code(basis)))] }];
        }

        resources.Add(cancer);
        if (d.AgeYears is { } age)
        {
            resources.Add(Observation(pid + "-age", subject, on, "social-history", new Coding(FhirCodes.Loinc, FhirCodes.Age, "Age"),
                new Quantity { Value = age, Unit = "a", System = FhirCodes.Ucum, Code = "a" }));
        }

        foreach (var field in BaselineFields.Quantities)
        {
            if (field.Get(b) is { } value)
            {
                var code = new Coding(field.System ?? options.LocalCodeSystem, field.Code, field.Display);
                resources.Add(Observation($"{pid}-{field.Field.ToLowerInvariant()}", subject, on, field.Category, code, Ucum(value, field.Unit)));
            }
        }

        if (b.Ecog is { } ecog)
        {
            var observation = Observation(pid + "-ecog", subject, on, "survey", new Coding(FhirCodes.Loinc, FhirCodes.Ecog, "ECOG Performance Status score"), new Integer(ecog));
            observation.Meta = Profile(FhirCodes.EcogProfile);
            observation.Interpretation = [Concept(new Coding(FhirCodes.Loinc, FhirCodes.EcogAnswers[ecog]))];
            resources.Add(observation);
        }

        if (b.ChildPughScore is { } score)
        {
            resources.Add(Observation(pid + "-child-pugh-score", subject, on, "exam", Local(options, FhirCodes.Local.ChildPughScore, "Child-Pugh score"), new Integer(score)));
        }

        if (b.ChildPughClass is { } cpClass)
        {
            resources.Add(Observation(pid + "-child-pugh-class", subject, on, "exam", Local(options, FhirCodes.Local.ChildPughClass, "Child-Pugh class"),
                Concept(Local(options, FhirEnums.ChildPugh.Code(cpClass)))));
        }

        if (b.BclcStage is { } stage)
        {
            var observation = Observation(pid + "-bclc", subject, on, "exam", Local(options, FhirCodes.Local.BclcStage, "BCLC stage"),
                Concept(Local(options, FhirEnums.Bclc.Code(stage))));
            observation.Focus = [new ResourceReference("Condition/" + cancer.Id)];
            resources.Add(observation);
        }

        if (b.IntrahepaticLesionCount is { } count)
        {
            resources.Add(Observation(pid + "-lesion-count", subject, on, "imaging", Local(options, FhirCodes.Local.IntrahepaticLesionCount, "Number of intrahepatic lesions"), new Integer(count)));
        }

        foreach (var field in BaselineFields.Findings)
        {
            if (field.Get(b) is { } flag)
            {
                resources.Add(Observation($"{pid}-{field.Code}", subject, on, "exam", Local(options, field.Code, field.Display), new FhirBoolean(flag)));
            }
        }

        foreach (var field in BaselineFields.Conditions)
        {
            if (field.Get(b) is { } present)
            {
                resources.Add(Comorbidity($"{pid}-{field.Field}", subject, new Coding(FhirCodes.Snomed, field.Code, field.Display), present));
            }
        }

        for (var i = 0; i < d.RadiotherapyCourses.Count; i++)
        {
            resources.Add(Radiotherapy(d.RadiotherapyCourses[i], $"{pid}-rt{i}", subject));
        }

        for (var i = 0; i < d.TaceSessions.Count; i++)
        {
            resources.Add(Tace(d.TaceSessions[i], $"{pid}-tace{i}", subject));
        }

        for (var i = 0; i < d.SorafenibCourses.Count; i++)
        {
            resources.Add(Sorafenib(d.SorafenibCourses[i], $"{pid}-sora{i}", subject));
        }

        for (var i = 0; i < d.AntiPd1Cycles.Count; i++)
        {
            resources.Add(AntiPd1(d.AntiPd1Cycles[i], $"{pid}-pd1-{i}", subject));
        }

        AddAssessments(d, pid, subject, cancer.Id, resources);
        for (var i = 0; i < d.AdverseEvents.Count; i++)
        {
            resources.Add(ToAdverseEvent(d.AdverseEvents[i], $"{pid}-ae{i}", subject));
        }

        if (d.FollowUp is { } followUp)
        {
            AddFollowUp(followUp, pid, subject, resources);
        }

        return resources;
    }

    private Patient ToPatient(PatientDocument d, string pid)
    {
        var patient = new Patient
        {
            Id = pid,
            Meta = Profile(FhirCodes.CancerPatientProfile),
            Identifier = [new Identifier(options.IdentifierSystem, d.ExternalId)],
            Gender = d.Sex switch
            {
                Sex.Male => AdministrativeGender.Male,
                Sex.Female => AdministrativeGender.Female,
                _ => null,
            },
        };
        if (SourceIdentifier(options, d.SourceId) is { } source)
        {
            patient.Identifier.Add(source);
        }

        if (d.FollowUp?.DeathDate is { } death)
        {
            patient.Deceased = new FhirDateTime(Date(death));
        }

        return patient;
    }

    private ResearchSubject Subject(PatientDocument d, string pid, ResourceReference patient, string studyId)
    {
        var subject = new ResearchSubject
        {
            Id = pid + "-subject",
            Status = ResearchSubject.ResearchSubjectStatus.OnStudy,
            Study = new ResourceReference("ResearchStudy/" + studyId),
            Individual = patient,
            AssignedArm = d.Arm,
            ActualArm = d.Arm,
        };
        if (d.OnStudyDate is { } on)
        {
            subject.Period = new Period { Start = Date(on) };
        }

        if (d.Site is { } site)
        {
            subject.Extension.Add(new Extension(options.Extension(FhirCodes.Extensions.Site), new FhirString(site)));
        }

        return subject;
    }

    private Procedure Radiotherapy(RadiotherapyCourseDto r, string id, ResourceReference subject)
    {
        var procedure = new Procedure
        {
            Id = id,
            Meta = Profile(FhirCodes.RadiotherapyCourseSummaryProfile),
            Status = r.EndDate is null ? EventStatus.InProgress : EventStatus.Completed,
            Code = Concept(new Coding(FhirCodes.Snomed, FhirCodes.RadiotherapyCourse, "Radiotherapy course of treatment (regime/therapy)")),
            Subject = subject,
            Performed = new Period { Start = r.StartDate is { } s ? Date(s) : null, End = r.EndDate is { } e ? Date(e) : null },
        };
        Identify(procedure.Identifier, r.SourceId);
        if (r.Technique is { } technique)
        {
            var coding = FhirEnums.TechniqueSnomed.TryGetValue(technique, out var sct)
                ? new Coding(FhirCodes.Snomed, sct)
                : Local(options, FhirCodes.Local.Sbrt, "Stereotactic body radiation therapy");
            var modalityAndTechnique = new Extension { Url = FhirCodes.ModalityAndTechniqueExtension };
            modalityAndTechnique.Extension.Add(new Extension("modality", Concept(new Coding(FhirCodes.Snomed, FhirCodes.PhotonBeam, "External beam radiation therapy using photons (procedure)"))));
            modalityAndTechnique.Extension.Add(new Extension("technique", Concept(coding)));
            procedure.Extension.Add(modalityAndTechnique);
        }

        if (r.Fractions.Count > 0)
        {
            procedure.Extension.Add(new Extension(FhirCodes.SessionsExtension, new UnsignedInt(r.Fractions.Count)));
            var delivered = new Extension { Url = FhirCodes.DoseDeliveredToVolumeExtension };
            delivered.Extension.Add(new Extension("totalDoseDelivered", Ucum(r.Fractions.Sum(f => f.DoseGy) * 100, "cGy")));
            delivered.Extension.Add(new Extension("fractionsDelivered", new UnsignedInt(r.Fractions.Count)));
            procedure.Extension.Add(delivered);
        }

        AddExtension(procedure.Extension, FhirCodes.Extensions.PrescribedTotalDose, r.TotalDoseGy, v => Ucum(v, "Gy"));
        AddExtension(procedure.Extension, FhirCodes.Extensions.PrescribedDosePerFraction, r.DosePerFractionGy, v => Ucum(v, "Gy"));
        AddExtension(procedure.Extension, FhirCodes.Extensions.FractionsPlanned, r.FractionsPlanned, v => new PositiveInt(v));
        AddExtension(procedure.Extension, FhirCodes.Extensions.LesionsTreated, r.LesionsTreated, v => new PositiveInt(v));
        foreach (var fraction in r.Fractions)
        {
            var extension = new Extension { Url = options.Extension(FhirCodes.Extensions.DeliveredFraction) };
            extension.Extension.Add(new Extension("date", new FhirDateTime(Date(fraction.Date))));
            extension.Extension.Add(new Extension("dose", Ucum(fraction.DoseGy, "Gy")));
            procedure.Extension.Add(extension);
        }

        return procedure;
    }

    private Procedure Tace(TaceSessionDto t, string id, ResourceReference subject)
    {
        var procedure = new Procedure
        {
            Id = id,
            Meta = Profile(FhirCodes.SurgicalProcedureProfile),
            Status = EventStatus.Completed,
            Code = Concept(Local(options, FhirCodes.Local.Tace, "Transarterial chemoembolization of liver")),
            Subject = subject,
            Performed = t.Date is { } date ? new FhirDateTime(Date(date)) : null,
        };
        Identify(procedure.Identifier, t.SourceId);
        if (t.ChemotherapyAgent is { } agent)
        {
            procedure.UsedCode.Add(Concept(Local(options, FhirEnums.TaceAgent.Code(agent))));
        }

        if (t.EmbolicAgent is { } embolic)
        {
            procedure.UsedCode.Add(Concept(Local(options, FhirEnums.Embolic.Code(embolic))));
        }

        if (t.ChemotherapyDose is { } dose)
        {
            var unit = t.ChemotherapyDoseUnit is { } u ? FhirEnums.DoseUnit[u] : null;
            procedure.Extension.Add(new Extension(options.Extension(FhirCodes.Extensions.TaceChemotherapyDose),
                unit is null ? new Quantity { Value = Decimal(dose) } : Ucum(dose, unit)));
        }

        AddExtension(procedure.Extension, FhirCodes.Extensions.TaceLipiodol, t.LipiodolMl, v => Ucum(v, "mL"));
        if (t.TechnicalSuccess is { } success)
        {
            procedure.Outcome = Concept(success ? new Coding(FhirCodes.Snomed, FhirCodes.Successful, "Successful") : new Coding(FhirCodes.Snomed, FhirCodes.Unsuccessful, "Unsuccessful"));
        }

        return procedure;
    }

    private MedicationRequest Sorafenib(SorafenibCourseDto s, string id, ResourceReference subject)
    {
        var request = new MedicationRequest
        {
            Id = id,
            Meta = Profile(FhirCodes.MedicationRequestProfile),
            Status = s.EndDate is null ? MedicationRequest.MedicationrequestStatus.Active : MedicationRequest.MedicationrequestStatus.Completed,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = SorafenibConcept(options),
            Subject = subject,
            AuthoredOn = s.StartDate is { } start ? Date(start) : null,
        };
        Identify(request.Identifier, s.SourceId);
        if (s.DiscontinuationReason is { } reason)
        {
            request.StatusReason = new CodeableConcept { Text = reason };
        }

        // One Dosage per dose level: the starting dose from the start, then each change from its date; the last one
        // ends with the course.
        var levels = new List<(DateOnly? From, double? Dose, string? Reason)> { (s.StartDate, s.StartingDailyDoseMg, null) };
        levels.AddRange(s.DoseChanges.Select(c => ((DateOnly?)c.Date, (double?)c.DailyDoseMg, c.Reason)));
        for (var i = 0; i < levels.Count; i++)
        {
            var (from, dose, why) = levels[i];
            var bounds = new Period { Start = from is { } f ? Date(f) : null };
            if (i == levels.Count - 1 && s.EndDate is { } end)
            {
                bounds.End = Date(end);
            }

            var dosage = new Dosage
            {
                Sequence = i + 1,
                Timing = new Timing { Repeat = new Timing.RepeatComponent { Bounds = bounds, Frequency = 1, Period = 1, PeriodUnit = Timing.UnitsOfTime.D } },
            };
            if (dose is { } mg)
            {
                dosage.DoseAndRate.Add(new Dosage.DoseAndRateComponent { Dose = Ucum(mg, "mg") });
            }

            if (why is not null)
            {
                dosage.Extension.Add(new Extension(options.Extension(FhirCodes.Extensions.DoseChangeReason), new FhirString(why)));
            }

            request.DosageInstruction.Add(dosage);
        }

        return request;
    }

    private MedicationAdministration AntiPd1(AntiPd1CycleDto c, string id, ResourceReference subject)
    {
        var administration = new MedicationAdministration
        {
            Id = id,
            Meta = Profile(FhirCodes.MedicationAdministrationProfile),
            Status = MedicationAdministration.MedicationAdministrationStatusCodes.Completed,
            Medication = c.Agent is { } agent ? AntiPd1Concept(options, agent) : new CodeableConcept { Text = "anti-PD1" },
            Subject = subject,
            Effective = new FhirDateTime(Date(c.Date!.Value)), // stored cycles always have their date
        };
        Identify(administration.Identifier, c.SourceId);
        if (c.DoseMg is { } dose)
        {
            administration.Dosage = new MedicationAdministration.DosageComponent { Dose = Ucum(dose, "mg") };
        }

        AddExtension(administration.Extension, FhirCodes.Extensions.CycleNumber, c.CycleNumber, v => new PositiveInt(v));
        return administration;
    }

    /// <summary>Sorafenib as RxNorm, ATC and the local code.</summary>
    public static CodeableConcept SorafenibConcept(FhirOptions options) => Concept(
        new Coding(FhirCodes.RxNorm, FhirCodes.SorafenibRxNorm, "sorafenib"), new Coding(FhirCodes.Atc, FhirCodes.SorafenibAtc, "sorafenib"),
        Local(options, FhirCodes.Local.Sorafenib, "sorafenib"));

    private static CodeableConcept AntiPd1Concept(FhirOptions options, AntiPd1Agent agent)
    {
        var concept = Concept(Local(options, FhirEnums.AntiPd1.Code(agent), agent.ToString().ToLowerInvariant()));
        if (FhirCodes.AntiPd1RxNorm.TryGetValue(agent, out var rx))
        {
            concept.Coding.Insert(0, new Coding(FhirCodes.RxNorm, rx, agent.ToString().ToLowerInvariant()));
        }

        return concept;
    }

    private void AddAssessments(PatientDocument d, string pid, ResourceReference subject, string cancerId, List<Resource> resources)
    {
        // One BodyStructure per lesion ID of the patient, so a lesion is the same resource at every visit.
        var lesionResources = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var a = 0; a < d.TumorAssessments.Count; a++)
        {
            var assessment = d.TumorAssessments[a];
            var date = assessment.Date is { } day ? Date(day) : null;
            var report = new DiagnosticReport
            {
                Id = $"{pid}-ta{a}",
                Status = DiagnosticReport.DiagnosticReportStatus.Final,
                Code = Concept(new Coding(FhirCodes.Loinc, FhirCodes.ImagingReport, "Diagnostic imaging study"), Local(options, FhirCodes.Local.TumorAssessment, "Tumor assessment")),
                Subject = subject,
                Effective = date is null ? null : new FhirDateTime(date),
            };
            Identify(report.Identifier, assessment.SourceId);
            if (assessment.Modality is { } modality)
            {
                report.Category.Add(Concept(new Coding(FhirCodes.DicomModality, FhirEnums.Modality[modality])));
            }

            for (var l = 0; l < assessment.Lesions.Count; l++)
            {
                var lesion = assessment.Lesions[l];
                if (!lesionResources.TryGetValue(lesion.LesionId, out var bodyId))
                {
                    bodyId = $"{pid}-lesion{lesionResources.Count}";
                    lesionResources.Add(lesion.LesionId, bodyId);
                    resources.Add(new BodyStructure
                    {
                        Id = bodyId,
                        Meta = Profile(FhirCodes.TumorProfile),
                        Identifier = [new Identifier(options.SourceIdentifierSystem, lesion.LesionId)],
                        Location = new CodeableConcept { Text = lesion.Site },
                        Patient = subject,
                    });
                }

                var size = Lesion(lesion, $"{pid}-ta{a}-l{l}", subject, date, bodyId);
                resources.Add(size);
                report.Result.Add(new ResourceReference("Observation/" + size.Id));
            }

            AddResponse(assessment.InvestigatorRecist, FhirCodes.Local.Recist11, "RECIST 1.1", "recist");
            AddResponse(assessment.InvestigatorMRecist, FhirCodes.Local.MRecist, "mRECIST", "mrecist");
            resources.Add(report);

            void AddResponse(ResponseCategory? response, string criteria, string display, string suffix)
            {
                if (response is not { } category)
                {
                    return;
                }

                var trend = FhirCodes.DiseaseStatusTrend[category];
                var status = Observation($"{pid}-ta{a}-{suffix}", subject, date, "imaging",
                    new Coding(FhirCodes.Loinc, FhirCodes.DiseaseStatus, "Cancer disease status"),
                    Concept(new Coding(FhirCodes.Snomed, trend.Code, trend.Display), Local(options, FhirEnums.Response.Code(category), category.ToString())));
                status.Meta = Profile(FhirCodes.CancerDiseaseStatusProfile);
                status.Focus = [new ResourceReference("Condition/" + cancerId)];
                status.Method = Concept(Local(options, criteria, display));
                resources.Add(status);
                report.Result.Add(new ResourceReference("Observation/" + status.Id));
            }
        }
    }

    private Observation Lesion(LesionDto lesion, string id, ResourceReference subject, string? date, string bodyId)
    {
        var observation = Observation(id, subject, date, "imaging", new Coding(FhirCodes.Loinc, FhirCodes.TumorSize, "Size Tumor"),
            lesion.LongestDiameterMm is { } longest ? Ucum(longest, "mm") : null);
        observation.Meta = Profile(FhirCodes.TumorSizeProfile);
        observation.Focus = [new ResourceReference("BodyStructure/" + bodyId)];
        observation.BodySite = new CodeableConcept { Text = lesion.Site };
        Component(lesion.ShortAxisMm, FhirCodes.Local.ShortAxis, "Short axis", v => Ucum(v, "mm"));
        Component(lesion.ViableDiameterMm, FhirCodes.Local.ViableDiameter, "Viable (enhancing) diameter", v => Ucum(v, "mm"));
        Component(lesion.Role, FhirCodes.Local.LesionRole, "Lesion role", v => Concept(Local(options, FhirEnums.LesionRole.Code(v))));
        Component(lesion.NonTargetStatus, FhirCodes.Local.NonTargetStatus, "Non-target lesion status", v => Concept(Local(options, FhirEnums.NonTarget.Code(v))));
        Component(lesion.IsLymphNode, FhirCodes.Local.LymphNode, "Lymph node", v => new FhirBoolean(v));
        Component(lesion.TypicalHccPattern, FhirCodes.Local.TypicalHccPattern, "Typical HCC pattern", v => new FhirBoolean(v));
        Component(lesion.PortalVeinTumorThrombus, FhirCodes.Local.PortalVeinTumorThrombus, "Portal-vein tumor thrombus", v => new FhirBoolean(v));
        return observation;

        void Component<T>(T? value, string code, string display, Func<T, DataType> make) where T : struct
        {
            if (value is { } v)
            {
                observation.Component.Add(new Observation.ComponentComponent { Code = Concept(Local(options, code, display)), Value = make(v) });
            }
        }
    }

    private AdverseEvent ToAdverseEvent(AdverseEventDto a, string id, ResourceReference subject)
    {
        var ae = new AdverseEvent
        {
            Id = id,
            Actuality = AdverseEvent.AdverseEventActuality.Actual,
            Subject = subject,
            Event = new CodeableConcept { Text = a.Term },
            Date = a.OnsetDate is { } onset ? Date(onset) : null,
            Identifier = SourceIdentifier(options, a.SourceId),
        };
        if (a.MeddraCode is { } meddra)
        {
            ae.Event.Coding.Add(new Coding(FhirCodes.MedDra, meddra.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Term));
        }

        if (a.Grade is { } grade)
        {
            ae.Extension.Add(new Extension(FhirCodes.AeGradeExtension, Concept(new Coding(FhirCodes.AeGrades, grade.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Grade {grade}"))));
        }

        if (a.CtcaeVersion is { } version)
        {
            ae.Extension.Add(new Extension(options.Extension(FhirCodes.Extensions.CtcaeVersion), new FhirString(version)));
        }

        if (a.ResolutionDate is { } resolved)
        {
            ae.Outcome = Concept(new Coding(FhirCodes.AeOutcome, "resolved", "Resolved"));
            ae.Extension.Add(new Extension(options.Extension(FhirCodes.Extensions.ResolutionDate), new FhirDateTime(Date(resolved))));
        }

        if (a.Serious is { } serious)
        {
            ae.Seriousness = Concept(new Coding(FhirCodes.AeSeriousness, serious ? "serious" : "non-serious"));
        }

        // The attribution is the investigator's for the event: it is given on each suspected treatment, or on an
        // unspecified one when none is named.
        var causality = a.Attribution is { } attribution
            ? new List<AdverseEvent.CausalityComponent> { new() { Assessment = Concept(Local(options, FhirEnums.Attribution.Code(attribution))) } }
            : [];
        foreach (var treatment in a.SuspectedTreatments)
        {
            ae.SuspectEntity.Add(new AdverseEvent.SuspectEntityComponent
            {
                Instance = new ResourceReference { Identifier = new Identifier(options.LocalCodeSystem, FhirEnums.Treatment.Code(treatment)), Display = treatment.ToString() },
                Causality = [.. causality.Select(c => (AdverseEvent.CausalityComponent)c.DeepCopy())],
            });
        }

        if (a.SuspectedTreatments.Count == 0 && causality.Count > 0)
        {
            ae.SuspectEntity.Add(new AdverseEvent.SuspectEntityComponent
            {
                Instance = new ResourceReference { Identifier = new Identifier(options.LocalCodeSystem, FhirCodes.Local.UnspecifiedTreatment), Display = "unspecified treatment" },
                Causality = causality,
            });
        }

        return ae;
    }

    private void AddFollowUp(FollowUpDto f, string pid, ResourceReference subject, List<Resource> resources)
    {
        var observation = Observation(pid + "-follow-up", subject, f.LastKnownAliveDate is { } alive ? Date(alive) : null, "survey",
            Local(options, FhirCodes.Local.FollowUp, "Follow-up status"), null);
        Identify(observation.Identifier, f.SourceId);
        if (f.LastKnownAliveDate is { } last)
        {
            Add(FhirCodes.Local.LastKnownAlive, "Last known alive", new FhirDateTime(Date(last)));
        }

        if (f.DeathCause is { } cause)
        {
            Add(FhirCodes.Local.DeathCause, "Cause of death", new FhirString(cause));
        }

        if (f.LostToFollowUp is { } lost)
        {
            Add(FhirCodes.Local.LostToFollowUp, "Lost to follow-up", new FhirBoolean(lost));
        }

        if (f.ClinicalProgressionDate is { } progression)
        {
            Add(FhirCodes.Local.ClinicalProgression, "Clinical progression", new FhirDateTime(Date(progression)));
        }

        // A follow-up with nothing recorded still exists in the document; obs-6 asks for a reason when there is no value.
        if (observation.Component.Count == 0)
        {
            observation.DataAbsentReason = Concept(new Coding("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown"));
        }

        resources.Add(observation);
        for (var i = 0; i < f.SubsequentTherapies.Count; i++)
        {
            var therapy = f.SubsequentTherapies[i];
            resources.Add(new Procedure
            {
                Id = $"{pid}-next{i}",
                Status = EventStatus.Completed,
                Code = new CodeableConcept { Coding = [Local(options, FhirCodes.Local.SubsequentTherapy, "Subsequent therapy")], Text = therapy.Type },
                Subject = subject,
                Performed = new FhirDateTime(Date(therapy.StartDate)),
            });
        }

        void Add(string code, string display, DataType value) =>
            observation.Component.Add(new Observation.ComponentComponent { Code = Concept(Local(options, code, display)), Value = value });
    }

    private Condition Comorbidity(string id, ResourceReference subject, Coding code, bool present)
    {
        var condition = new Condition
        {
            Id = id,
            VerificationStatus = Concept(new Coding(FhirCodes.ConditionVerification, present ? "confirmed" : "refuted")),
            Code = Concept(code),
            Subject = subject,
        };
        if (present)
        {
            condition.ClinicalStatus = Concept(new Coding(FhirCodes.ConditionClinical, "active"));
            condition.Category = [Concept(new Coding(FhirCodes.ConditionCategory, "problem-list-item"))];
        }

        return condition;
    }

    private static Observation Observation(string id, ResourceReference subject, string? date, string category, Coding code, DataType? value) => new()
    {
        Id = id,
        Status = ObservationStatus.Final,
        Category = [Concept(new Coding(FhirCodes.ObservationCategory, category))],
        Code = Concept(code),
        Subject = subject,
        Effective = date is null ? null : new FhirDateTime(date),
        Value = value,
    };

    private void Identify(List<Identifier> identifiers, string? sourceId)
    {
        if (SourceIdentifier(options, sourceId) is { } identifier)
        {
            identifiers.Add(identifier);
        }
    }

    private void AddExtension<T>(List<Extension> extensions, string name, T? value, Func<T, DataType> make) where T : struct
    {
        if (value is { } v)
        {
            extensions.Add(new Extension(options.Extension(name), make(v)));
        }
    }

    private static Meta Profile(string profile) => new() { Profile = [profile] };
}
