namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>
/// Every code system, code, profile and extension of the FHIR mapping (interop/fhir/README.md has the table). Local
/// codes live in the configured <see cref="FhirOptions.LocalCodeSystem"/>; local extensions under
/// <see cref="FhirOptions.ExtensionBaseUrl"/>.
/// </summary>
internal static class FhirCodes
{
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Atc = "http://www.whocc.no/atc";
    public const string MedDra = "http://terminology.hl7.org/CodeSystem/mdr";
    public const string DicomModality = "http://dicom.nema.org/resources/ontology/DCM";
    public const string ConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public const string ConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string AeSeriousness = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";
    public const string AeOutcome = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";
    public const string AeGrades = "http://terminology.hl7.org/CodeSystem/adverse-event-clinical-research-grades";

    // mCODE STU3 profiles and extensions.
    public const string McodeBase = "http://hl7.org/fhir/us/mcode/StructureDefinition/";
    public const string CancerPatientProfile = McodeBase + "mcode-cancer-patient";
    public const string PrimaryCancerConditionProfile = McodeBase + "mcode-primary-cancer-condition";
    public const string RadiotherapyCourseSummaryProfile = McodeBase + "mcode-radiotherapy-course-summary";
    public const string TumorSizeProfile = McodeBase + "mcode-tumor-size";
    public const string TumorProfile = McodeBase + "mcode-tumor";
    public const string CancerDiseaseStatusProfile = McodeBase + "mcode-cancer-disease-status";
    public const string EcogProfile = McodeBase + "mcode-ecog-performance-status";
    public const string MedicationRequestProfile = McodeBase + "mcode-cancer-related-medication-request";
    public const string MedicationAdministrationProfile = McodeBase + "mcode-cancer-related-medication-administration";
    public const string SurgicalProcedureProfile = McodeBase + "mcode-cancer-related-surgical-procedure";
    public const string ComorbidConditionProfile = McodeBase + "mcode-comorbid-condition";
    public const string ModalityAndTechniqueExtension = McodeBase + "mcode-radiotherapy-modality-and-technique";
    public const string SessionsExtension = McodeBase + "mcode-radiotherapy-sessions";
    public const string DoseDeliveredToVolumeExtension = McodeBase + "mcode-radiotherapy-dose-delivered-to-volume";

    /// <summary>HL7 Adverse Event Clinical Research (R4 backport) grade extension.</summary>
    public const string AeGradeExtension = "http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade";

    // LOINC.
    public const string BodyWeight = "29463-7";
    public const string Ecog = "89247-1";
    public const string Afp = "1834-1";
    public const string Albumin = "1751-7";
    public const string BilirubinMass = "1975-2";
    public const string BilirubinMoles = "14631-6";
    public const string Hemoglobin = "718-7";
    public const string Platelets = "777-3";
    public const string Leukocytes = "6690-2";
    public const string Age = "30525-0";
    public const string TumorSize = "21889-1";
    public const string DiseaseStatus = "97509-4";
    public const string ImagingReport = "18748-4";

    /// <summary>LOINC answers LA9622-7 … LA9627-6 for ECOG 0–5 (mCODE ECOGPerformanceStatus interpretation).</summary>
    public static readonly string[] EcogAnswers = ["LA9622-7", "LA9623-5", "LA9624-3", "LA9625-0", "LA9626-8", "LA9627-6"];

    // SNOMED CT and ICD-10-CM.
    public const string HccSnomed = "25370001";
    public const string HccIcd10 = "C22.0";
    public const string HepatitisB = "66071002";
    public const string HepatitisC = "50711007";
    public const string Cirrhosis = "19943007";
    public const string RadiotherapyCourse = "1217123003";
    public const string PhotonBeam = "1156506007";
    public const string Imrt = "441799006";
    public const string Vmat = "1156530009";
    public const string ThreeDimensional = "1162782007";
    public const string Successful = "385669000";
    public const string Unsuccessful = "385671000";

    /// <summary>mCODE condition-status trend (SNOMED) for each investigator response; the exact category rides as a local code.</summary>
    public static readonly IReadOnlyDictionary<Domain.ResponseCategory, (string Code, string Display)> DiseaseStatusTrend =
        new Dictionary<Domain.ResponseCategory, (string, string)>
        {
            [Domain.ResponseCategory.CR] = ("268910001", "Patient's condition improved"),
            [Domain.ResponseCategory.PR] = ("268910001", "Patient's condition improved"),
            [Domain.ResponseCategory.SD] = ("359746009", "Patient's condition stable"),
            [Domain.ResponseCategory.PD] = ("271299001", "Patient's condition worsened"),
            [Domain.ResponseCategory.NE] = ("709137006", "Patient condition undetermined"),
        };

    // Medications.
    public const string SorafenibRxNorm = "495881";
    public const string SorafenibAtc = "L01EX02";

    /// <summary>RxNorm ingredient codes of the anti-PD1 agents that have one in RxNorm; the others are local codes only.</summary>
    public static readonly IReadOnlyDictionary<Domain.Registry.AntiPd1Agent, string> AntiPd1RxNorm =
        new Dictionary<Domain.Registry.AntiPd1Agent, string>
        {
            [Domain.Registry.AntiPd1Agent.Pembrolizumab] = "1547545",
            [Domain.Registry.AntiPd1Agent.Nivolumab] = "1597876",
        };

    /// <summary>Local codes (in <see cref="FhirOptions.LocalCodeSystem"/>).</summary>
    public static class Local
    {
        public const string BclcStage = "bclc-stage";
        public const string ChildPughScore = "child-pugh-score";
        public const string ChildPughClass = "child-pugh-class";
        public const string DiagnosisBasis = "diagnosis-basis";
        public const string MaxTumorDiameter = "max-tumor-diameter";
        public const string IntrahepaticLesionCount = "intrahepatic-lesion-count";
        public const string MacrovascularInvasion = "macrovascular-invasion";
        public const string ExtrahepaticMetastasis = "extrahepatic-metastasis";
        public const string PriorTace = "prior-tace";
        public const string PriorHepatectomy = "prior-hepatectomy";
        public const string PriorAblation = "prior-ablation";
        public const string PriorSystemicTherapy = "prior-systemic-therapy";
        public const string Tace = "tace";
        public const string SubsequentTherapy = "subsequent-therapy";
        public const string Sorafenib = "sorafenib";
        public const string TumorAssessment = "tumor-assessment";
        public const string ShortAxis = "short-axis";
        public const string ViableDiameter = "viable-diameter";
        public const string LesionRole = "lesion-role";
        public const string NonTargetStatus = "non-target-status";
        public const string LymphNode = "lymph-node";
        public const string TypicalHccPattern = "typical-hcc-pattern";
        public const string PortalVeinTumorThrombus = "portal-vein-tumor-thrombus";
        public const string Recist11 = "recist-1.1";
        public const string MRecist = "mrecist";
        public const string FollowUp = "follow-up";
        public const string LastKnownAlive = "last-known-alive";
        public const string DeathCause = "death-cause";
        public const string LostToFollowUp = "lost-to-follow-up";
        public const string ClinicalProgression = "clinical-progression";
        public const string Sbrt = "sbrt";
        public const string SuspectedTreatment = "suspected-treatment";
        public const string UnspecifiedTreatment = "unspecified";
    }

    /// <summary>Local extension names (under <see cref="FhirOptions.ExtensionBaseUrl"/>).</summary>
    public static class Extensions
    {
        public const string Site = "research-subject-site";
        public const string PrescribedTotalDose = "radiotherapy-prescribed-total-dose";
        public const string PrescribedDosePerFraction = "radiotherapy-prescribed-dose-per-fraction";
        public const string FractionsPlanned = "radiotherapy-fractions-planned";
        public const string LesionsTreated = "radiotherapy-lesions-treated";
        public const string DeliveredFraction = "radiotherapy-delivered-fraction";
        public const string TaceChemotherapyDose = "tace-chemotherapy-dose";
        public const string TaceLipiodol = "tace-lipiodol-volume";
        public const string DoseChangeReason = "dose-change-reason";
        public const string CycleNumber = "anti-pd1-cycle-number";
        public const string CtcaeVersion = "ctcae-version";
        public const string ResolutionDate = "adverse-event-resolution-date";
    }
}
