using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HccOutcomes.Domain.Clinical;
using HccOutcomes.Domain.Registry;
using HccOutcomes.Domain.Safety;

namespace HccOutcomes.Api.Contracts.Patients;

/// <summary>
/// Whole-patient document ⇄ registry entities. On the way in it also computes the record-level derived
/// values (ALBI, delivered dose, BED/EQD2, sorafenib duration and dose intensity) and the content hash
/// that makes a re-sent identical document a no-op.
/// </summary>
internal static class PatientDocumentMapper
{
    // Server-set members: ignored on input and left out of the content hash.
    private static readonly HashSet<string> ReadOnlyMembers =
    [
        "id", "externalId", "createdAt", "updatedAt", "albiScore", "albiGrade", "fractionsDelivered",
        "deliveredDoseGy", "bedGy", "eqd2Gy", "durationDays", "relativeDoseIntensity",
    ];

    /// <summary>
    /// SHA-256 (hex) of the patient's input members in canonical form: the stored shape (defaults filled,
    /// vocabulary codes resolved, records in date order), so that a GET document sent back, or the same
    /// records in another order, count as unchanged.
    /// </summary>
    public static string ContentHash(Patient patient, JsonSerializerOptions json)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(ToDocument(patient), HashOptions(json));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static JsonSerializerOptions? _hashOptions;

    // The API's options, minus the server-set members (one serializer pass, no intermediate DOM).
    private static JsonSerializerOptions HashOptions(JsonSerializerOptions json)
    {
        if (_hashOptions is { } cached)
        {
            return cached;
        }

        var options = new JsonSerializerOptions(json)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver
            {
                Modifiers =
                {
                    info =>
                    {
                        for (var i = info.Properties.Count - 1; i >= 0; i--)
                        {
                            if (ReadOnlyMembers.Contains(info.Properties[i].Name))
                            {
                                info.Properties.RemoveAt(i);
                            }
                        }
                    },
                },
            },
        };
        options.MakeReadOnly();
        return _hashOptions = options;
    }

    /// <summary>Builds a new entity graph (IDs and timestamps set) from a validated document.</summary>
    public static Patient ToEntity(PatientDocument d, Guid cohortId, string externalId, DateTimeOffset now)
    {
        var b = d.Baseline;
        var patient = new Patient
        {
            Id = Guid.CreateVersion7(),
            CohortId = cohortId,
            ExternalId = externalId,
            Arm = d.Arm.Trim(),
            Site = d.Site ?? string.Empty,
            OnStudyDate = d.OnStudyDate!.Value,
            Sex = d.Sex!.Value,
            AgeYears = d.AgeYears!.Value,
            SourceId = d.SourceId,
            ContentHash = string.Empty,
            CreatedAt = now,
            UpdatedAt = now,
            Baseline = new Baseline
            {
                BodyweightKg = b.BodyweightKg,
                Ecog = b.Ecog,
                ChildPughClass = b.ChildPughClass,
                ChildPughScore = b.ChildPughScore,
                BclcStage = b.BclcStage,
                DiagnosisBasis = b.DiagnosisBasis,
                Hbv = b.Hbv,
                Hcv = b.Hcv,
                Cirrhosis = b.Cirrhosis,
                AfpNgPerMl = b.AfpNgPerMl,
                AlbuminGPerL = b.AlbuminGPerL,
                TotalBilirubinUmolPerL = b.TotalBilirubinUmolPerL,
                HemoglobinGPerL = b.HemoglobinGPerL,
                Platelets10e9PerL = b.Platelets10e9PerL,
                Wbc10e9PerL = b.Wbc10e9PerL,
                MaxTumorDiameterCm = b.MaxTumorDiameterCm,
                IntrahepaticLesionCount = b.IntrahepaticLesionCount,
                MacrovascularInvasion = b.MacrovascularInvasion,
                ExtrahepaticMetastasis = b.ExtrahepaticMetastasis,
                PriorTace = b.PriorTace,
                PriorHepatectomy = b.PriorHepatectomy,
                PriorAblation = b.PriorAblation,
                PriorSystemicTherapy = b.PriorSystemicTherapy,
            },
        };

        if (b.TotalBilirubinUmolPerL is { } bilirubin && b.AlbuminGPerL is { } albumin)
        {
            var albi = Albi.Evaluate(bilirubin, albumin);
            patient.AlbiScore = albi.Score;
            patient.AlbiGrade = albi.Grade;
        }

        var asOf = AsOfDate(d);
        patient.RadiotherapyCourses = d.RadiotherapyCourses.ConvertAll(r => ToEntity(r, patient.Id, now));
        patient.TaceSessions = d.TaceSessions.ConvertAll(t => ToEntity(t, patient.Id, now));
        patient.SorafenibCourses = d.SorafenibCourses.ConvertAll(s => ToEntity(s, patient.Id, now, asOf));
        patient.AntiPd1Cycles = d.AntiPd1Cycles.ConvertAll(c => ToEntity(c, patient.Id, now));
        patient.TumorAssessments = d.TumorAssessments.ConvertAll(a => ToEntity(a, patient.Id, now));
        patient.AdverseEvents = d.AdverseEvents.ConvertAll(a => ToEntity(a, patient.Id, now));
        patient.FollowUp = d.FollowUp is null ? null : ToEntity(d.FollowUp, patient.Id, now);
        return patient;
    }

    /// <summary>
    /// End date of an ongoing sorafenib course: death, else last contact, else the latest dated record.
    /// Taken from the document (not today's date) so that the same document always derives the same values.
    /// </summary>
    private static DateOnly AsOfDate(PatientDocument d)
    {
        if (d.FollowUp?.DeathDate is { } death)
        {
            return death;
        }

        if (d.FollowUp?.LastKnownAliveDate is { } alive)
        {
            return alive;
        }

        var latest = d.OnStudyDate!.Value;
        foreach (var s in d.SorafenibCourses)
        {
            latest = Max(latest, s.StartDate);
            latest = Max(latest, s.EndDate);
            foreach (var c in s.DoseChanges)
            {
                latest = Max(latest, c.Date);
            }
        }

        foreach (var a in d.TumorAssessments)
        {
            latest = Max(latest, a.Date);
        }

        foreach (var a in d.AdverseEvents)
        {
            latest = Max(latest, a.OnsetDate);
        }

        return latest;

        static DateOnly Max(DateOnly a, DateOnly? b) => b is { } v && v > a ? v : a;
    }

    private static T Stamp<T>(T record, PatientRecordDto dto, Guid patientId, DateTimeOffset now) where T : PatientRecord
    {
        // The writer keeps this ID only if it names a stored record of the same patient.
        record.Id = dto.Id ?? Guid.Empty;
        record.PatientId = patientId;
        record.SourceId = dto.SourceId;
        record.CreatedAt = now;
        record.UpdatedAt = now;
        return record;
    }

    public static Domain.Registry.RadiotherapyCourse ToEntity(RadiotherapyCourseDto r, Guid patientId, DateTimeOffset now)
    {
        var fractions = r.Fractions.OrderBy(f => f.Date).ToList();
        var summary = RadiationDose.Summarize(new RadiotherapyDosing(
            r.TotalDoseGy!.Value, r.DosePerFractionGy!.Value, r.FractionsPlanned!.Value,
            fractions.Count == 0 ? null : fractions.ConvertAll(f => new DeliveredFraction(f.Date, f.DoseGy))));
        return Stamp(new Domain.Registry.RadiotherapyCourse
        {
            StartDate = r.StartDate!.Value,
            EndDate = r.EndDate,
            Technique = r.Technique!.Value,
            TotalDoseGy = r.TotalDoseGy.Value,
            DosePerFractionGy = r.DosePerFractionGy.Value,
            FractionsPlanned = r.FractionsPlanned.Value,
            LesionsTreated = r.LesionsTreated!.Value,
            Fractions = fractions,
            FractionsDelivered = summary.FractionsDelivered ?? r.FractionsPlanned.Value,
            DeliveredDoseGy = summary.DeliveredDoseGy ?? r.TotalDoseGy.Value,
            BedGy = summary.DeliveredBedGy ?? summary.PlannedBedGy,
            Eqd2Gy = summary.DeliveredEqd2Gy ?? summary.PlannedEqd2Gy,
        }, r, patientId, now);
    }

    public static TaceSession ToEntity(TaceSessionDto t, Guid patientId, DateTimeOffset now) => Stamp(new TaceSession
    {
        Date = t.Date!.Value,
        ChemotherapyAgent = t.ChemotherapyAgent!.Value,
        ChemotherapyDose = t.ChemotherapyDose,
        ChemotherapyDoseUnit = t.ChemotherapyDoseUnit,
        LipiodolMl = t.LipiodolMl,
        EmbolicAgent = t.EmbolicAgent!.Value,
        TechnicalSuccess = t.TechnicalSuccess!.Value,
    }, t, patientId, now);

    public static Domain.Registry.SorafenibCourse ToEntity(SorafenibCourseDto s, Guid patientId, DateTimeOffset now, DateOnly asOf)
    {
        var changes = s.DoseChanges.OrderBy(c => c.Date).ToList();
        var exposure = SorafenibDoseIntensity.Evaluate(
            new SorafenibDosing(s.StartDate!.Value, s.EndDate, s.StartingDailyDoseMg!.Value,
                changes.ConvertAll(c => new SorafenibDoseChange(c.Date, c.DailyDoseMg))),
            s.EndDate ?? (asOf < s.StartDate.Value ? s.StartDate.Value : asOf));
        return Stamp(new Domain.Registry.SorafenibCourse
        {
            StartDate = s.StartDate.Value,
            EndDate = s.EndDate,
            StartingDailyDoseMg = s.StartingDailyDoseMg.Value,
            DoseChanges = changes,
            DiscontinuationReason = s.DiscontinuationReason,
            DurationDays = exposure.DurationDays,
            RelativeDoseIntensity = exposure.RelativeDoseIntensity,
        }, s, patientId, now);
    }

    public static AntiPd1Cycle ToEntity(AntiPd1CycleDto c, Guid patientId, DateTimeOffset now) => Stamp(new AntiPd1Cycle
    {
        Agent = c.Agent!.Value,
        Date = c.Date!.Value,
        DoseMg = c.DoseMg!.Value,
        CycleNumber = c.CycleNumber!.Value,
    }, c, patientId, now);

    public static TumorAssessment ToEntity(TumorAssessmentDto a, Guid patientId, DateTimeOffset now) => Stamp(new TumorAssessment
    {
        Date = a.Date!.Value,
        Modality = a.Modality!.Value,
        InvestigatorRecist = a.InvestigatorRecist,
        InvestigatorMRecist = a.InvestigatorMRecist,
        Lesions = a.Lesions.ConvertAll(l => new LesionRecord
        {
            LesionId = l.LesionId,
            Site = l.Site,
            IsLymphNode = l.IsLymphNode ?? false,
            Role = l.Role!.Value,
            LongestDiameterMm = l.LongestDiameterMm,
            ShortAxisMm = l.ShortAxisMm,
            ViableDiameterMm = l.ViableDiameterMm,
            NonTargetStatus = l.NonTargetStatus,
            TypicalHccPattern = l.TypicalHccPattern,
            PortalVeinTumorThrombus = l.PortalVeinTumorThrombus ?? false,
        }),
    }, a, patientId, now);

    public static AdverseEvent ToEntity(AdverseEventDto a, Guid patientId, DateTimeOffset now)
    {
        var term = CtcaeVocabulary.FindByTerm(a.Term)!;
        return Stamp(new AdverseEvent
        {
            Term = term.Term,
            MeddraCode = term.MeddraCode,
            CtcaeVersion = CtcaeVocabulary.Version,
            Grade = a.Grade!.Value,
            OnsetDate = a.OnsetDate!.Value,
            ResolutionDate = a.ResolutionDate,
            Attribution = a.Attribution!.Value,
            SuspectedTreatments = a.SuspectedTreatments.Distinct().Order().ToList(),
            Serious = a.Serious ?? false,
        }, a, patientId, now);
    }

    public static FollowUp ToEntity(FollowUpDto f, Guid patientId, DateTimeOffset now) => Stamp(new FollowUp
    {
        LastKnownAliveDate = f.LastKnownAliveDate,
        DeathDate = f.DeathDate,
        DeathCause = f.DeathCause,
        LostToFollowUp = f.LostToFollowUp ?? false,
        ClinicalProgressionDate = f.ClinicalProgressionDate,
        SubsequentTherapies = f.SubsequentTherapies.OrderBy(t => t.StartDate).ToList(),
    }, f, patientId, now);

    /// <summary>Entity graph → document (with the read-only members filled, plausibility warnings included).</summary>
    public static PatientDocument ToDocument(Patient p) => WithWarnings(new()
    {
        ExternalId = p.ExternalId,
        Arm = p.Arm,
        Site = p.Site.Length == 0 ? null : p.Site,
        OnStudyDate = p.OnStudyDate,
        Sex = p.Sex,
        AgeYears = p.AgeYears,
        SourceId = p.SourceId,
        AlbiScore = p.AlbiScore,
        AlbiGrade = p.AlbiGrade,
        CreatedAt = p.CreatedAt,
        UpdatedAt = p.UpdatedAt,
        Baseline = new BaselineDto
        {
            BodyweightKg = p.Baseline.BodyweightKg,
            Ecog = p.Baseline.Ecog,
            ChildPughClass = p.Baseline.ChildPughClass,
            ChildPughScore = p.Baseline.ChildPughScore,
            BclcStage = p.Baseline.BclcStage,
            DiagnosisBasis = p.Baseline.DiagnosisBasis,
            Hbv = p.Baseline.Hbv,
            Hcv = p.Baseline.Hcv,
            Cirrhosis = p.Baseline.Cirrhosis,
            AfpNgPerMl = p.Baseline.AfpNgPerMl,
            AlbuminGPerL = p.Baseline.AlbuminGPerL,
            TotalBilirubinUmolPerL = p.Baseline.TotalBilirubinUmolPerL,
            HemoglobinGPerL = p.Baseline.HemoglobinGPerL,
            Platelets10e9PerL = p.Baseline.Platelets10e9PerL,
            Wbc10e9PerL = p.Baseline.Wbc10e9PerL,
            MaxTumorDiameterCm = p.Baseline.MaxTumorDiameterCm,
            IntrahepaticLesionCount = p.Baseline.IntrahepaticLesionCount,
            MacrovascularInvasion = p.Baseline.MacrovascularInvasion,
            ExtrahepaticMetastasis = p.Baseline.ExtrahepaticMetastasis,
            PriorTace = p.Baseline.PriorTace,
            PriorHepatectomy = p.Baseline.PriorHepatectomy,
            PriorAblation = p.Baseline.PriorAblation,
            PriorSystemicTherapy = p.Baseline.PriorSystemicTherapy,
        },
        RadiotherapyCourses = p.RadiotherapyCourses.OrderBy(r => r.StartDate).Select(ToDto).ToList(),
        TaceSessions = p.TaceSessions.OrderBy(t => t.Date).Select(ToDto).ToList(),
        SorafenibCourses = p.SorafenibCourses.OrderBy(s => s.StartDate).Select(ToDto).ToList(),
        AntiPd1Cycles = p.AntiPd1Cycles.OrderBy(c => c.Date).ThenBy(c => c.CycleNumber).Select(ToDto).ToList(),
        TumorAssessments = p.TumorAssessments.OrderBy(a => a.Date).Select(ToDto).ToList(),
        AdverseEvents = p.AdverseEvents.OrderBy(a => a.OnsetDate).ThenBy(a => a.Term, StringComparer.Ordinal).Select(ToDto).ToList(),
        FollowUp = p.FollowUp is null ? null : ToDto(p.FollowUp),
    });

    private static PatientDocument WithWarnings(PatientDocument document)
    {
        document.Warnings = ClinicalDates.Warnings(document);
        return document;
    }

    private static T Meta<T>(T dto, PatientRecord r) where T : PatientRecordDto
    {
        dto.Id = r.Id;
        dto.SourceId = r.SourceId;
        dto.CreatedAt = r.CreatedAt;
        dto.UpdatedAt = r.UpdatedAt;
        return dto;
    }

    public static RadiotherapyCourseDto ToDto(Domain.Registry.RadiotherapyCourse r) => Meta(new RadiotherapyCourseDto
    {
        StartDate = r.StartDate,
        EndDate = r.EndDate,
        Technique = r.Technique,
        TotalDoseGy = r.TotalDoseGy,
        DosePerFractionGy = r.DosePerFractionGy,
        FractionsPlanned = r.FractionsPlanned,
        LesionsTreated = r.LesionsTreated,
        Fractions = r.Fractions,
        FractionsDelivered = r.FractionsDelivered,
        DeliveredDoseGy = r.DeliveredDoseGy,
        BedGy = r.BedGy,
        Eqd2Gy = r.Eqd2Gy,
    }, r);

    public static TaceSessionDto ToDto(TaceSession t) => Meta(new TaceSessionDto
    {
        Date = t.Date,
        ChemotherapyAgent = t.ChemotherapyAgent,
        ChemotherapyDose = t.ChemotherapyDose,
        ChemotherapyDoseUnit = t.ChemotherapyDoseUnit,
        LipiodolMl = t.LipiodolMl,
        EmbolicAgent = t.EmbolicAgent,
        TechnicalSuccess = t.TechnicalSuccess,
    }, t);

    public static SorafenibCourseDto ToDto(Domain.Registry.SorafenibCourse s) => Meta(new SorafenibCourseDto
    {
        StartDate = s.StartDate,
        EndDate = s.EndDate,
        StartingDailyDoseMg = s.StartingDailyDoseMg,
        DoseChanges = s.DoseChanges,
        DiscontinuationReason = s.DiscontinuationReason,
        DurationDays = s.DurationDays,
        RelativeDoseIntensity = s.RelativeDoseIntensity,
    }, s);

    public static AntiPd1CycleDto ToDto(AntiPd1Cycle c) => Meta(new AntiPd1CycleDto
    {
        Agent = c.Agent,
        Date = c.Date,
        DoseMg = c.DoseMg,
        CycleNumber = c.CycleNumber,
    }, c);

    public static TumorAssessmentDto ToDto(TumorAssessment a) => Meta(new TumorAssessmentDto
    {
        Date = a.Date,
        Modality = a.Modality,
        InvestigatorRecist = a.InvestigatorRecist,
        InvestigatorMRecist = a.InvestigatorMRecist,
        Lesions = a.Lesions.ConvertAll(l => new LesionDto
        {
            LesionId = l.LesionId,
            Site = l.Site,
            IsLymphNode = l.IsLymphNode,
            Role = l.Role,
            LongestDiameterMm = l.LongestDiameterMm,
            ShortAxisMm = l.ShortAxisMm,
            ViableDiameterMm = l.ViableDiameterMm,
            NonTargetStatus = l.NonTargetStatus,
            TypicalHccPattern = l.TypicalHccPattern,
            PortalVeinTumorThrombus = l.PortalVeinTumorThrombus,
        }),
    }, a);

    public static AdverseEventDto ToDto(AdverseEvent a) => Meta(new AdverseEventDto
    {
        Term = a.Term,
        MeddraCode = a.MeddraCode,
        CtcaeVersion = a.CtcaeVersion,
        Grade = a.Grade,
        OnsetDate = a.OnsetDate,
        ResolutionDate = a.ResolutionDate,
        Attribution = a.Attribution,
        SuspectedTreatments = a.SuspectedTreatments,
        Serious = a.Serious,
    }, a);

    public static FollowUpDto ToDto(FollowUp f) => Meta(new FollowUpDto
    {
        LastKnownAliveDate = f.LastKnownAliveDate,
        DeathDate = f.DeathDate,
        DeathCause = f.DeathCause,
        LostToFollowUp = f.LostToFollowUp,
        ClinicalProgressionDate = f.ClinicalProgressionDate,
        SubsequentTherapies = f.SubsequentTherapies,
    }, f);
}
