// Turns Brainfuck text into a VmProgram, computing each bracket's jump target (KERNEL.md §3).
// Characters other than the eight instructions are comments; `#` comments out the rest of its line.
using System.Collections.Immutable;

namespace ProverSim.Grains.Proving.Vm;

public static class Assembler
{
    public static VmProgram Assemble(string source)
    {
        ArgumentNullException.ThrowIfNull(source);

        var words = ImmutableArray.CreateBuilder<ulong>(source.Length);
        var open = new Stack<(int Address, int Line, int Column)>();
        var line = 1;
        var column = 0;
        var inComment = false;
        foreach (var c in source)
        {
            if (c == '\n')
            {
                line++;
                column = 0;
                inComment = false;
                continue;
            }

            column++;
            if (inComment || c == '#')
            {
                inComment = true;
                continue;
            }

            switch (c)
            {
                case '[':
                    open.Push((words.Count, line, column));
                    words.Add(VmProgram.LoopStart);
                    words.Add(0); // patched by the matching ']'
                    break;
                case ']':
                    if (open.Count == 0)
                    {
                        throw new AssemblyException(line, column, "']' has no matching '['");
                    }

                    var start = open.Pop().Address;
                    words.Add(VmProgram.LoopEnd);
                    words.Add((ulong)start + 2);
                    words[start + 1] = (ulong)words.Count;
                    break;
                case '<' or '>' or '+' or '-' or ',' or '.':
                    words.Add(c);
                    break;
                default:
                    break;
            }
        }

        if (open.Count > 0)
        {
            var (_, openLine, openColumn) = open.Peek();
            throw new AssemblyException(openLine, openColumn, "'[' has no matching ']'");
        }

        return VmProgram.FromWords(words.ToArray());
    }
}

/// <summary>A source error, located by 1-based line and column (a tab counts as one column).</summary>
public sealed class AssemblyException(int line, int column, string problem)
    : Exception($"line {line}, column {column}: {problem}")
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}
