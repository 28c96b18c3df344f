// The assembler's word layout and jump targets (KERNEL.md §3), comment handling, located errors,
// and VmProgram.FromWords' validation of hand-made word lists.
using ProverSim.Grains.Proving.Vm;
using Xunit;

namespace ProverSim.Grains.Tests.Proving;

public sealed class AssemblerTests
{
    [Fact]
    public void NestedLoopTargetsPointJustPastThePartnersArgument()
    {
        // Addresses: 0 +, 1 [ 2 →12, 3 -, 4 [ 5 →9, 6 >, 7 ] 8 →6, 9 <, 10 ] 11 →3.
        var program = Assembler.Assemble("+[-[>]<]");

        Assert.Equal<ulong>([43UL, 91, 12, 45, 91, 9, 62, 93, 6, 60, 93, 3], program.Words);
        Assert.Equal(12, program.Length);
    }

    [Fact]
    public void EveryInstructionKeepsItsAsciiCode()
    {
        var program = Assembler.Assemble("<>+-,.[]");

        Assert.Equal<ulong>([60UL, 62, 43, 45, 44, 46, 91, 10, 93, 8], program.Words);
    }

    [Fact]
    public void OtherCharactersAndHashCommentsAreIgnored()
    {
        var program = Assembler.Assemble("a + b # [ ] < . , not code\r\n c-d\t# ]]]\n.");

        Assert.Equal<ulong>([43UL, 45, 46], program.Words);
    }

    [Fact]
    public void EmptySourceIsTheEmptyProgram()
    {
        Assert.Equal(0, Assembler.Assemble("# nothing here\n").Length);
    }

    [Fact]
    public void ToSourceRoundTrips()
    {
        var program = Assembler.Assemble("# header\n,[->+<] >.  # tail");

        Assert.Equal(",[->+<]>.", program.ToSource());
        Assert.Equal<ulong>(program.Words, Assembler.Assemble(program.ToSource()).Words);
    }

    [Fact]
    public void UnmatchedCloseIsReportedWhereItStands()
    {
        var error = Assert.Throws<AssemblyException>(() => Assembler.Assemble("+\n# ]\n[-]  ]+"));

        Assert.Equal(3, error.Line);
        Assert.Equal(6, error.Column);
        Assert.Equal("line 3, column 6: ']' has no matching '['", error.Message);
    }

    [Fact]
    public void UnmatchedOpenIsReportedWhereItStands()
    {
        var error = Assert.Throws<AssemblyException>(() => Assembler.Assemble("++\n  [ [-]\n>"));

        Assert.Equal(2, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Equal("line 2, column 3: '[' has no matching ']'", error.Message);
    }

    [Fact]
    public void FromWordsAcceptsAssembledWords()
    {
        var words = Assembler.Assemble("+[-[>]<]").Words;

        Assert.Equal<ulong>(words, VmProgram.FromWords(words.AsSpan()).Words);
    }

    [Theory]
    [InlineData(new ulong[] { 43, 0 })]                 // not an opcode
    [InlineData(new ulong[] { 43, 300 })]               // not an opcode
    [InlineData(new ulong[] { 91 })]                    // '[' without its target word
    [InlineData(new ulong[] { 91, 4, 93 })]             // ']' without its target word
    [InlineData(new ulong[] { 91, 4, 93, 3 })]          // ']' must target 2
    [InlineData(new ulong[] { 91, 5, 93, 2 })]          // '[' must target 4
    [InlineData(new ulong[] { 93, 2 })]                 // ']' without '['
    [InlineData(new ulong[] { 91, 2 })]                 // '[' without ']'
    [InlineData(new ulong[] { 91, 6, 91, 8, 93, 4, 93, 2 })] // targets swapped between the pairs
    public void FromWordsRejectsMalformedPrograms(ulong[] words) =>
        Assert.Throws<ArgumentException>(() => VmProgram.FromWords(words));
}
