# expect: error
namespace = {}
source = open("/proc/self/root{ROOT}/exercises/packs/adjoints/matmul-backward/reference.py").read()
exec(source, namespace)
matmul_backward = namespace["matmul_backward"]
