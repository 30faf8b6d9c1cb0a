using System.Text.Json;
using HccOutcomes.Api.Contracts.Patients;
using HccOutcomes.Api.Registry;
using HccOutcomes.Infrastructure.Access;
using HccOutcomes.Infrastructure.Persistence;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HccOutcomes.Api.Interop.Fhir;

/// <summary>FHIR out: one patient as a collection Bundle, or a cohort as Bulk Data ndjson grouped by resource type.</summary>
public sealed class FhirExport(HccDbContext db, PatientDocuments documents, IActorAccessor actors, IOptions<FhirOptions> options)
{
    /// <summary>Resource types in the order the ndjson export gives them (ResearchStudy first, then these).</summary>
    public static readonly string[] TypeOrder =
    [
        "Patient", "ResearchSubject", "Condition", "Observation", "BodyStructure", "DiagnosticReport", "Procedure",
        "MedicationRequest", "MedicationAdministration", "AdverseEvent",
    ];

    private const int ChunkPatients = 2000;

    private PatientToFhir Mapper => new(options.Value);

    /// <summary>The patient (404 unless visible to the caller) as a collection Bundle with the cohort's ResearchStudy.</summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="externalId">Patient.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    public async Task<Bundle> PatientBundleAsync(Guid cohortId, string externalId, CancellationToken cancellationToken)
    {
        var patient = await documents.LoadAsync(cohortId, externalId, cancellationToken);
        var study = await StudyAsync(cohortId, cancellationToken);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Timestamp = DateTimeOffset.UtcNow };
        foreach (var resource in Mapper.Map(PatientDocumentMapper.ToDocument(patient), study.Id!).Prepend(study))
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{options.Value.ResourceBaseUrl}/{resource.TypeName}/{resource.Id}", Resource = resource });
        }

        return bundle;
    }

    /// <summary>
    /// Writes the cohort (a submitter: its site's patients) as ndjson: the ResearchStudy, then every resource of one type
    /// after another. One pass over the cohort in chunks; each type's lines wait in a temporary file until their turn.
    /// </summary>
    /// <param name="cohortId">Cohort.</param>
    /// <param name="output">Response body.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    public async System.Threading.Tasks.Task WriteCohortAsync(Guid cohortId, Stream output, CancellationToken cancellationToken)
    {
        var study = await StudyAsync(cohortId, cancellationToken);
        var actor = actors.Current;
        var site = actor.IsSiteBound ? actor.Site : null;
        var files = TypeOrder.Select(_ => new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose)).ToArray();
        var typeIndex = TypeOrder.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        try
        {
            var mapper = Mapper;
            List<(int Type, byte[] Line)>[] MapChunk(List<Domain.Registry.Patient> chunk)
            {
                var lines = new List<(int Type, byte[] Line)>[chunk.Count];
                Parallel.For(0, chunk.Count, i =>
                {
                    var resources = mapper.Map(PatientDocumentMapper.ToDocument(chunk[i]), study.Id!);
                    lines[i] = resources.ConvertAll(r => (typeIndex[r.TypeName], FhirJson.ToNdjsonLine(r)));
                });
                return lines;
            }

            // The next chunk is read from the database while the previous one is mapped and serialized.
            System.Threading.Tasks.Task<List<(int Type, byte[] Line)>[]>? mapping = null;
            await foreach (var chunk in db.InChunksAsync(cohortId, ChunkPatients, cancellationToken, site))
            {
                var previous = mapping;
                mapping = System.Threading.Tasks.Task.Run(() => MapChunk(chunk), cancellationToken);
                if (previous is not null)
                {
                    await WriteLinesAsync(await previous);
                }
            }

            if (mapping is not null)
            {
                await WriteLinesAsync(await mapping);
            }

            await output.WriteAsync(FhirJson.ToNdjsonLine(study), cancellationToken);
            foreach (var file in files)
            {
                file.Position = 0;
                await file.CopyToAsync(output, cancellationToken);
            }
        }
        finally
        {
            foreach (var file in files)
            {
                await file.DisposeAsync();
            }
        }

        async System.Threading.Tasks.Task WriteLinesAsync(List<(int Type, byte[] Line)>[] lines)
        {
            foreach (var patientLines in lines)
            {
                foreach (var (type, line) in patientLines)
                {
                    await files[type].WriteAsync(line, cancellationToken);
                }
            }
        }
    }

    private async Task<ResearchStudy> StudyAsync(Guid cohortId, CancellationToken cancellationToken)
    {
        var name = await db.Cohorts.AsNoTracking().Where(c => c.Id == cohortId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            throw new Errors.NotFoundException($"Cohort {cohortId} does not exist.");
        }

        return PatientToFhir.Study(cohortId, name);
    }

    /// <summary>Writes a resource as the response body.</summary>
    /// <param name="response">Response.</param>
    /// <param name="resource">Resource.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    public static async System.Threading.Tasks.Task WriteAsync(HttpResponse response, Resource resource, CancellationToken cancellationToken)
    {
        response.ContentType = FhirJson.MediaType + "; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter.AsStream());
        FhirJson.Write(resource, writer);
        await writer.FlushAsync(cancellationToken);
    }
}
