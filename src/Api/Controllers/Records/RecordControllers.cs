using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Registry;
using Microsoft.AspNetCore.Mvc;

namespace HccOutcomes.Api.Controllers.Records;

/// <summary>A patient's CTCAE v5.0 adverse events, one at a time (terms from <c>GET /api/v1/vocabularies/ctcae-terms</c>).</summary>
[Route(RecordRoutes.Patient + "adverse-events")]
public sealed class AdverseEventsController(PatientRecordEditor editor)
    : PatientRecordsController<AdverseEventDto>(editor, RecordLists.AdverseEvents);

/// <summary>A patient's tumor assessments (imaging with lesion measurements), one at a time.</summary>
[Route(RecordRoutes.Patient + "tumor-assessments")]
public sealed class TumorAssessmentsController(PatientRecordEditor editor)
    : PatientRecordsController<TumorAssessmentDto>(editor, RecordLists.TumorAssessments);

/// <summary>A patient's radiotherapy courses, one at a time (delivered dose, BED and EQD2 are derived).</summary>
[Route(RecordRoutes.Patient + "radiotherapy-courses")]
public sealed class RadiotherapyCoursesController(PatientRecordEditor editor)
    : PatientRecordsController<RadiotherapyCourseDto>(editor, RecordLists.RadiotherapyCourses);

/// <summary>A patient's TACE sessions, one at a time.</summary>
[Route(RecordRoutes.Patient + "tace-sessions")]
public sealed class TaceSessionsController(PatientRecordEditor editor)
    : PatientRecordsController<TaceSessionDto>(editor, RecordLists.TaceSessions);

/// <summary>A patient's sorafenib courses, one at a time (duration and relative dose intensity are derived).</summary>
[Route(RecordRoutes.Patient + "sorafenib-courses")]
public sealed class SorafenibCoursesController(PatientRecordEditor editor)
    : PatientRecordsController<SorafenibCourseDto>(editor, RecordLists.SorafenibCourses);

/// <summary>A patient's anti-PD1 cycles, one at a time.</summary>
[Route(RecordRoutes.Patient + "anti-pd1-cycles")]
public sealed class AntiPd1CyclesController(PatientRecordEditor editor)
    : PatientRecordsController<AntiPd1CycleDto>(editor, RecordLists.AntiPd1Cycles);
