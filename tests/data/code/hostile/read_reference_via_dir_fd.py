# expect: error
import os

top = os.open("{ROOT}", os.O_RDONLY)
fd = os.open("exercises/packs/adjoints/matmul-backward/reference.py", os.O_RDONLY, dir_fd=top)
namespace = {}
exec(os.read(fd, 1_000_000).decode(), namespace)
matmul_backward = namespace["matmul_backward"]
