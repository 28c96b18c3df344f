# forever.bf: never halts. `+` makes c0 non-zero, then `]` jumps back to itself forever,
# so every budget ends in OutOfCycles with Cycles equal to the budget.
# input: (none)
# cycles: never halts
+[]
