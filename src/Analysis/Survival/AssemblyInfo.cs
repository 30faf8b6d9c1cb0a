using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("HccOutcomes.Analysis.Tests")]
