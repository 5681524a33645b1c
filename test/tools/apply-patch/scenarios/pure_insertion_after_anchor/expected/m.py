def foo():
    return 1


def bar():
    """Bar."""
    return 1


def baz():
    return 1
