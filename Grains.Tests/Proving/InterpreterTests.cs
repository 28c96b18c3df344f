// The VM's semantics (KERNEL.md §3) on the example programs in Scenarios/programs/: exact outputs,
// cycle counts and formulas, the budget boundary, faults, field wraparound and the challenge program.
using System.Collections.Immutable;
using ProverSim.Grains.Proving.Field;
using ProverSim.Grains.Proving.Vm;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class InterpreterTests
{
    private const long Budget = 10_000_000;

    public static TheoryData<string> HaltingPrograms => new("hello", "fib", "hashloop", "countdown");

    [Fact]
    public void HelloWorldPrintsItsAsciiCodes()
    {
        var result = Run(ExampleProgram.Load("hello"), []);

        Assert.Equal(RunStatus.Halted, result.Status);
        Assert.Equal("Hello, world!", new string(result.Output.Select(c => (char)c).ToArray()));
    }

    [Fact]
    public void FibonacciOfTen()
    {
        var result = Run(ExampleProgram.Load("fib"), [10]);

        Assert.Equal(RunStatus.Halted, result.Status);
        Assert.Equal<ulong>([1UL, 1, 2, 3, 5, 8, 13, 21, 34, 55], result.Output);
    }

    [Fact]
    public void HashLoopComputesBothSums()
    {
        var result = Run(ExampleProgram.Load("hashloop"), [5, 3, 1, 4, 1, 5]);

        Assert.Equal<ulong>([14UL, 38], result.Output); // a = 3+1+4+1+5, b = 3+4+8+9+14
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(10UL)]
    [InlineData(1000UL)]
    [InlineData(123_456UL)]
    public void CountdownRunsThreeNPlusTwoCycles(ulong n)
    {
        var result = Run(ExampleProgram.Load("countdown"), [n]);

        Assert.Equal(RunStatus.Halted, result.Status);
        Assert.Equal(3 * (long)n + 2, result.Cycles);
        Assert.Equal(Enumerable.Range(1, (int)n).Reverse().Select(i => (ulong)i), result.Output);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(1_000_001L)]
    public void ForeverRunsOutOfCyclesExactlyAtTheBudget(long budget)
    {
        var result = Interpreter.Run(ExampleProgram.Load("forever").Program, [], budget);

        Assert.Equal(RunStatus.OutOfCycles, result.Status);
        Assert.Equal(budget, result.Cycles);
        Assert.Null(result.Fault);
    }

    [Theory]
    [MemberData(nameof(HaltingPrograms))]
    public void HeaderStatesTheCyclesAndOutput(string name)
    {
        var example = ExampleProgram.Load(name);

        var result = Run(example, example.Input);

        Assert.Equal(RunStatus.Halted, result.Status);
        Assert.Equal(example.Cycles, result.Cycles);
        Assert.Equal<ulong>(example.Output, result.Output);
    }

    [Theory]
    [MemberData(nameof(HaltingPrograms))]
    public void BudgetOfExactlyTheCycleCountHalts(string name)
    {
        var example = ExampleProgram.Load(name);
        var cycles = example.Cycles!.Value;

        var enough = Interpreter.Run(example.Program, example.Input, cycles);
        var short1 = Interpreter.Run(example.Program, example.Input, cycles - 1);

        Assert.Equal((RunStatus.Halted, cycles), (enough.Status, enough.Cycles));
        Assert.Equal((RunStatus.OutOfCycles, cycles - 1), (short1.Status, short1.Cycles));
    }

    [Fact]
    public void ChallengeBudgetBoundary()
    {
        var input = ChallengeProgram.InputFor(5000, 7);
        var cycles = ChallengeProgram.CyclesFor(input[0]);

        Assert.Equal(RunStatus.Halted, Interpreter.Run(ChallengeProgram.Program, input, cycles).Status);
        var short1 = Interpreter.Run(ChallengeProgram.Program, input, cycles - 1);
        Assert.Equal((RunStatus.OutOfCycles, cycles - 1), (short1.Status, short1.Cycles));
    }

    [Fact]
    public void EmptyProgramHaltsAtOnce()
    {
        var result = Interpreter.Run(Assembler.Assemble(""), [], 0);

        Assert.Equal((RunStatus.Halted, 0L), (result.Status, result.Cycles));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void LeftAtCellZeroFaults()
    {
        var result = Interpreter.Run(Assembler.Assemble("+.>+<<+"), [], Budget);

        Assert.Equal(RunStatus.Fault, result.Status);
        Assert.Equal(5, result.Cycles); // `+.>+<` ran; the second `<` did not
        Assert.Equal<ulong>([1UL], result.Output);
        Assert.Contains("'<' at mp = 0", result.Fault);
    }

    [Fact]
    public void ReadingPastTheInputFaults()
    {
        var result = Interpreter.Run(Assembler.Assemble(",.,."), [7], Budget);

        Assert.Equal(RunStatus.Fault, result.Status);
        Assert.Equal(2, result.Cycles);
        Assert.Equal<ulong>([7UL], result.Output);
        Assert.Contains("',' past the end", result.Fault);
    }

    [Fact]
    public void RunningOutOfCyclesWinsOverAFaultNotYetReached()
    {
        var result = Interpreter.Run(Assembler.Assemble("+<"), [], 1);

        Assert.Equal((RunStatus.OutOfCycles, 1L), (result.Status, result.Cycles));
    }

    [Fact]
    public void CellsWrapAroundThePrime()
    {
        Assert.Equal<ulong>([Goldilocks.P - 1], Run("-.", []).Output);
        Assert.Equal<ulong>([0UL], Run("-+.", []).Output);
        Assert.Equal<ulong>([0UL, Goldilocks.P - 2], Run(",+.--.", [Goldilocks.P - 1]).Output);
    }

    [Fact]
    public void LoopOnAWrappedCellStillSeesNonZero()
    {
        // c0 = p - 1 is non-zero, so `[` enters and `+` brings it to zero, ending the loop.
        var result = Run("-[+]>.", []);

        Assert.Equal((RunStatus.Halted, 6L), (result.Status, result.Cycles));
    }

    [Fact]
    public void MemoryGrowsFarToTheRightAndKeepsItsCells()
    {
        var source = new string('>', 5000) + "+." + new string('<', 5000) + ".>" + new string('>', 4999) + ".";

        var result = Run(source, []);

        Assert.Equal((RunStatus.Halted, 15004L), (result.Status, result.Cycles));
        Assert.Equal<ulong>([1UL, 0, 1], result.Output);
    }

    [Fact]
    public void BudgetMustStayBelowTwoToTheThirtyTwo()
    {
        var program = Assembler.Assemble("+");

        Assert.Equal(RunStatus.Halted, Interpreter.Run(program, [], (1L << 32) - 1).Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => Interpreter.Run(program, [], 1L << 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interpreter.Run(program, [], -1));
    }

    [Fact]
    public void InputValuesMustBeFieldElements() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Interpreter.Run(Assembler.Assemble(","), [Goldilocks.P], 10));

    [Fact]
    public void ChallengeCyclesMatchTheFormula()
    {
        ulong[] large = [1_000, 20_000, 199_999];
        foreach (var n in Enumerable.Range(1, 300).Select(i => (ulong)i).Concat(large))
        {
            var result = Interpreter.Run(ChallengeProgram.Program, [n, 99, 0], Budget);

            Assert.Equal(RunStatus.Halted, result.Status);
            Assert.Equal((5 * (long)n) + 11, ChallengeProgram.CyclesFor(n));
            Assert.Equal(ChallengeProgram.CyclesFor(n), result.Cycles);
            Assert.Equal<ulong>([Goldilocks.Add(99, n)], result.Output);
        }
    }

    [Fact]
    public void ChallengeLanesEachAnswerTheirOwnNonce()
    {
        // Three lanes of n = 4: 2 + 3 × (5 × 4 + 9) = 89 cycles; every lane outputs its nonce + 4 and
        // the run reads 3 × 2 values and the closing 0.
        var result = Interpreter.Run(ChallengeProgram.Program, [4, 10, 4, 20, 4, 30, 0], Budget);

        Assert.Equal(RunStatus.Halted, result.Status);
        Assert.Equal(89, result.Cycles);
        Assert.Equal(89, ChallengeProgram.CyclesFor(4, lanes: 3));
        Assert.Equal(7, result.InputsRead);
        Assert.Equal<ulong>([14, 24, 34], result.Output);
        Assert.Equal<ulong>([4, 10, 4, 20, 4, 30, 0], ChallengeProgram.InputFor(89, [10, 20, 30]));
    }

    [Fact]
    public void ChallengeLoopCountIsTight()
    {
        var targets = Enumerable.Range(0, 400).Select(i => (long)i).Concat([100_000, 1L << 31, (1L << 32) - 1]);
        foreach (var lanes in new[] { 1, 3, 64 })
        {
            foreach (var target in targets)
            {
                var n = ChallengeProgram.LoopCountFor(target, lanes);

                Assert.True(n >= 1);
                if (target >= ChallengeProgram.CyclesFor(1, lanes))
                {
                    Assert.True(ChallengeProgram.CyclesFor(n, lanes) <= target, $"target {target}, {lanes} lanes");
                    Assert.True(ChallengeProgram.CyclesFor(n + 1, lanes) > target, $"target {target}, {lanes} lanes");
                }
                else
                {
                    Assert.Equal(1UL, n);
                }
            }
        }
    }

    [Fact]
    public void ChallengeOutputsDifferByNonce()
    {
        var outputs = new HashSet<ulong>();
        ulong[] nonces = [0, 1, 2, 3, 1UL << 40, Goldilocks.P - 1, ulong.MaxValue];
        foreach (var nonce in nonces)
        {
            var input = ChallengeProgram.InputFor(2_000, nonce);
            var result = Interpreter.Run(ChallengeProgram.Program, input, 2_000);

            Assert.Equal(RunStatus.Halted, result.Status);
            Assert.Equal(ChallengeProgram.CyclesFor(input[0]), result.Cycles);
            Assert.True(outputs.Add(Assert.Single(result.Output)), $"nonce {nonce}");
        }
    }

    [Fact]
    public void ChallengeOutputDependsOnTheLoopCount()
    {
        var a = Interpreter.Run(ChallengeProgram.Program, ChallengeProgram.InputFor(1_000, 5), Budget);
        var b = Interpreter.Run(ChallengeProgram.Program, ChallengeProgram.InputFor(2_000, 5), Budget);

        Assert.NotEqual(a.Output, b.Output);
    }

    private static RunResult Run(ExampleProgram example, ulong[] input) =>
        Interpreter.Run(example.Program, input, Budget);

    private static RunResult Run(string source, ulong[] input) =>
        Interpreter.Run(Assembler.Assemble(source), input, Budget);
}

/// <summary>
/// An example from Scenarios/programs/ with the `# input:`, `# output:` and `# cycles:` lines of its header
/// (missing or non-numeric entries are empty or null).
/// </summary>
internal sealed record ExampleProgram(VmProgram Program, ulong[] Input, ImmutableArray<ulong> Output, long? Cycles)
{
    public static ExampleProgram Load(string name)
    {
        var source = File.ReadAllText(Path.Combine(Directory, name + ".bf"));
        var header = source.Split('\n')
            .Where(line => line.StartsWith('#') && line.Contains(':'))
            .Select(line => line.TrimStart('#', ' ').Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());
        var cycles = header.TryGetValue("cycles", out var text) && long.TryParse(text, out var count) ? count : (long?)null;
        return new ExampleProgram(
            Assembler.Assemble(source), Numbers(header, "input"), [.. Numbers(header, "output")], cycles);
    }

    private static string Directory => RepoPaths.Programs;

    private static ulong[] Numbers(Dictionary<string, string> header, string key) =>
        header.TryGetValue(key, out var text)
            ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(word => char.IsAsciiDigit(word[0])).Select(ulong.Parse).ToArray()
            : [];
}
