# expect: error
import os

os.symlink("{ROOT}/exercises/packs/adjoints/matmul-backward/reference.py", "ref.py")
namespace = {}
exec(open("ref.py").read(), namespace)
matmul_backward = namespace["matmul_backward"]
