if x:
        call(a)
        call(b)
