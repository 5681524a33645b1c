def foo():
    return 1


def bar():
    return 2


def baz():
    return 1
