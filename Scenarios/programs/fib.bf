# fib.bf: reads n and outputs the first n Fibonacci numbers F(1)..F(n) = 1 1 2 3 5 ... (mod p).
# Additions are loops, so cycles grow like F(n) itself: n = 10 takes 4847, n = 25 about 6.5 million.
# input: 10
# output: 1 1 2 3 5 8 13 21 34 55
# cycles: 4847
# cells: c0 = remaining count, c1 = a = F(k), c2 = b = F(k+1), c3 = scratch
,                          # c0 = n
>+>+<<                     # a = 1, b = 1
[                          # while n != 0
  -                        #   n = n - 1
  >.                       #   output a
  [->>+<<]                 #   c3 = a, a = 0
  >[-<+>>+<]               #   a = b, c3 = a + b, b = 0
  >[-<+>]                  #   b = a + b, c3 = 0
  <<<                      #   back to c0
]
