# expect: error
class Anything:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __float__(self):
        return 0.0


def matmul_backward(A, B, G):
    return Anything(), Anything()
