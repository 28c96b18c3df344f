// A validated program of the proving VM (KERNEL.md §3): opcode words are the ASCII codes of
// `[ ] < > + - , .`, and each bracket is followed by one word holding its jump target.
using System.Collections.Immutable;
using System.Text;

namespace ProverSim.Grains.Proving.Vm;

public sealed class VmProgram
{
    public const ulong LoopStart = '[';
    public const ulong LoopEnd = ']';
    public const ulong Left = '<';
    public const ulong Right = '>';
    public const ulong Increment = '+';
    public const ulong Decrement = '-';
    public const ulong Read = ',';
    public const ulong Write = '.';

    private VmProgram(ImmutableArray<ulong> words) => Words = words;

    /// <summary>The program memory: opcodes and, after each bracket, its jump target.</summary>
    public ImmutableArray<ulong> Words { get; }

    /// <summary>Number of words; the machine halts when ip reaches it.</summary>
    public int Length => Words.Length;

    public static bool IsOpcode(ulong word) =>
        word is LoopStart or LoopEnd or Left or Right or Increment or Decrement or Read or Write;

    /// <summary>True for `[` and `]`, the two instructions that take an argument word.</summary>
    public static bool HasArgument(ulong opcode) => opcode is LoopStart or LoopEnd;

    /// <summary>
    /// Checks that every instruction word is one of the eight opcodes and that every bracket is
    /// matched and carries the right target: the address just after the partner's argument word.
    /// </summary>
    public static VmProgram FromWords(ReadOnlySpan<ulong> words)
    {
        var open = new Stack<int>();
        for (var ip = 0; ip < words.Length; ip++)
        {
            var word = words[ip];
            if (!IsOpcode(word))
            {
                throw new ArgumentException($"word {ip} ({word}) is not an opcode", nameof(words));
            }

            if (!HasArgument(word))
            {
                continue;
            }

            if (ip + 1 == words.Length)
            {
                throw new ArgumentException($"'{(char)word}' at word {ip} has no target word", nameof(words));
            }

            if (word == LoopStart)
            {
                open.Push(ip);
            }
            else
            {
                if (open.Count == 0)
                {
                    throw new ArgumentException($"']' at word {ip} has no matching '['", nameof(words));
                }

                var start = open.Pop();
                if (words[start + 1] != (ulong)ip + 2 || words[ip + 1] != (ulong)start + 2)
                {
                    throw new ArgumentException(
                        $"brackets at words {start} and {ip} must target {ip + 2} and {start + 2}", nameof(words));
                }
            }

            ip++;
        }

        if (open.Count > 0)
        {
            throw new ArgumentException($"'[' at word {open.Peek()} has no matching ']'", nameof(words));
        }

        return new VmProgram(words.ToImmutableArray());
    }

    /// <summary>The instructions as Brainfuck text (targets are implied by the brackets).</summary>
    public string ToSource()
    {
        var source = new StringBuilder(Words.Length);
        for (var ip = 0; ip < Words.Length; ip++)
        {
            source.Append((char)Words[ip]);
            if (HasArgument(Words[ip]))
            {
                ip++;
            }
        }

        return source.ToString();
    }

    public override string ToString() => ToSource();
}
