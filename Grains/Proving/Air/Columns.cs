// The trace matrix of KERNEL.md §4: 23 base columns (processor 16, program table 4, memory table 3)
// and 6 extension columns (three log-derivative sums and three evaluation arguments).
namespace ProverSim.Grains.Proving.Air;

public static class Columns
{
    // Processor.
    public const int Clk = 0;
    public const int Ip = 1;
    public const int Ci = 2;
    public const int Ni = 3;
    public const int Mp = 4;
    public const int Mv = 5;
    public const int Inv = 6;
    public const int SLoopStart = 7;
    public const int SLoopEnd = 8;
    public const int SLeft = 9;
    public const int SRight = 10;
    public const int SIncrement = 11;
    public const int SDecrement = 12;
    public const int SRead = 13;
    public const int SWrite = 14;
    public const int ClockJumps = 15;

    // Program table.
    public const int ProgramIp = 16;
    public const int ProgramCi = 17;
    public const int ProgramNi = 18;
    public const int ProgramCount = 19;

    // Memory table.
    public const int MemoryClk = 20;
    public const int MemoryMp = 21;
    public const int MemoryMv = 22;

    public const int Main = 23;

    // Auxiliary (extension field).
    public const int InstructionSum = 0;
    public const int MemorySum = 1;
    public const int ClockJumpSum = 2;
    public const int ProgramEval = 3;
    public const int InputEval = 4;
    public const int OutputEval = 5;

    public const int Aux = 6;

    /// <summary>The selector columns in opcode order, with their opcodes.</summary>
    public static readonly (int Column, ulong Opcode)[] Selectors =
    [
        (SLoopStart, Vm.VmProgram.LoopStart),
        (SLoopEnd, Vm.VmProgram.LoopEnd),
        (SLeft, Vm.VmProgram.Left),
        (SRight, Vm.VmProgram.Right),
        (SIncrement, Vm.VmProgram.Increment),
        (SDecrement, Vm.VmProgram.Decrement),
        (SRead, Vm.VmProgram.Read),
        (SWrite, Vm.VmProgram.Write),
    ];
}
