def foo():
    return 10


def bar():
    return 1


def baz():
    return 30
