Console.WriteLine("usage: dotnet run -c Release --project bench/Benchmarks -- <suite>");
