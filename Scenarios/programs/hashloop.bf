# hashloop.bf: a Fletcher-style mixing loop. Reads k and then k values v(1)..v(k); keeps
# a = sum of the values and b = sum of the running sums a, both mod p; outputs a then b.
# Moving a value costs cycles in proportion to it, so inputs should be small (bytes).
# input: 5 3 1 4 1 5
# output: 14 38
# cycles: 717
# cells: c0 = remaining count, c1 = v, c2 = a, c3 = b, c4 = scratch
,                          # c0 = k
[                          # while k != 0
  -                        #   k = k - 1
  >,                       #   c1 = v
  [->+<]                   #   a = a + v
  >[->+>+<<]               #   b = b + a, c4 = a, a = 0
  >>[-<<+>>]               #   a = c4, c4 = 0
  <<<<                     #   back to c0
]
>>.>.                      # output a, b
