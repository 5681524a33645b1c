if x:
        call(c)
        call(b)
