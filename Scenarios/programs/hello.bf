# hello.bf: prints "Hello, world!" as 13 ASCII codes, one `.` per character (no newline).
# Cells hold field elements, so nothing relies on wrapping at 256.
# input: (none)
# output: 72 101 108 108 111 44 32 119 111 114 108 100 33
# cycles: 546
++++++++++                 # c0 = 10
[>+++++++>++++++++++>+++++++++++>++++>+++<<<<<-]
                           # c1..c5 = 70 100 110 40 30
>++.                       # 72 H
>+.                        # 101 e
>--..                      # 108 l, 108 l
+++.                       # 111 o
>++++.                     # 44 comma
>++.                       # 32 space
<<++++++++.                # 119 w
--------.                  # 111 o
+++.                       # 114 r
------.                    # 108 l
<-.                        # 100 d
>>>+.                      # 33 !
