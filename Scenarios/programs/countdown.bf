# countdown.bf: reads n and outputs n, n-1, ..., 1.
# cycles(n) = 3n + 2: `,` and the first `[` take 2, each of the n iterations `.` `-` `]` takes 3
# (for n = 0 the `[` jumps straight past the loop).
# input: 10
# output: 10 9 8 7 6 5 4 3 2 1
# cycles: 32
,                          # c0 = n
[.-]                       # output and decrement until zero
