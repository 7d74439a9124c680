// Lowers assembly references of a compiled plugin to the versions its host loads.
// Usage: RetargetReferences <assembly.dll> "Name=Version;Name=Version"
// A reference whose version is above the cap for its name is set to the cap; the public key token is kept.
// The file is rewritten only when something changed, so incremental builds stay incremental.
using Mono.Cecil;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: RetargetReferences <assembly.dll> \"Name=Version;...\"");
    return 2;
}

var path = args[0];
var caps = args[1]
    .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    .Select(pair => pair.Split('='))
    .ToDictionary(parts => parts[0], parts => Version.Parse(parts[1]), StringComparer.OrdinalIgnoreCase);

var pdbPath = Path.ChangeExtension(path, ".pdb");
var hasSymbols = File.Exists(pdbPath);
using var module = ModuleDefinition.ReadModule(path, new ReaderParameters { InMemory = true, ReadSymbols = hasSymbols });

var changed = new List<string>();
foreach (var reference in module.AssemblyReferences)
{
    if (caps.TryGetValue(reference.Name, out var cap) && reference.Version > cap)
    {
        changed.Add($"{reference.Name} {reference.Version} -> {cap}");
        reference.Version = cap;
    }
}

if (changed.Count == 0)
    return 0;

module.Write(path, new WriterParameters { WriteSymbols = hasSymbols });
foreach (var line in changed)
    Console.WriteLine($"RetargetReferences: {Path.GetFileName(path)}: {line}");

return 0;
