"""Kernel confinement of learner runs: prepared once in the fork server, applied by each child.

The protection of a batch does not rest on anything inside the learner's process (an audit hook
can be undone by the code it watches); it rests on what the kernel enforces, in layers that each
stop the known attacks on their own where the machine offers them:

- namespaces (root, or unprivileged user namespaces): the fork server gets its own pid, mount,
  network, IPC and UTS namespaces and a root folder that holds only the interpreter's standard
  library, numpy, the system libraries and one small scratch folder per run slot. Packs, the
  progress store, the project, /proc, /tmp and /dev/shm are not in that tree at all;
- an unprivileged uid and gid per run slot when the grader is root (as isolate's boxes), so file
  permissions and process limits apply and no run can signal another or the grader;
- Landlock: reads only beneath the same roots, writes only in the run's own scratch folder, no
  TCP, and (ABI 6) no signal or abstract unix socket outside the run's own domain;
- seccomp: an allow list of the system calls a numpy function needs; everything else (fork,
  exec, ptrace, process_vm_readv, sockets, mount, bpf, io_uring, ...) fails with EPERM.

Why these system calls are written here rather than taken from a binding: Python 3.11 has no
``os.unshare`` or mount, and the Landlock bindings on PyPI are pre-releases that build and apply a
ruleset in one call, while a fork server must build every ruleset once and apply it in each child
with one system call (about 0.2 ms per child instead of 0.6 ms). The seccomp filter itself is
compiled by libseccomp (through pyseccomp) once in the server; the child only loads the bytes.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import sys
import sysconfig
from dataclasses import dataclass, field
from typing import Final, Literal

LEVEL_KERNEL: Final = "kernel"
LEVEL_PROCESS: Final = "process"

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.mount.argtypes = (
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_ulong,
    ctypes.c_char_p,
)

_SYSCALLS = {  # number per machine of the calls glibc does not wrap
    "x86_64": {"seccomp": 317, "capset": 126},
    "aarch64": {"seccomp": 277, "capset": 91},
}.get(platform.machine(), {})
SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS = 38

# Landlock access rights (linux/landlock.h), with the ABI that introduced each.
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1, 2, 4, 8
FS_REMOVE_DIR, FS_REMOVE_FILE, FS_MAKE_CHAR, FS_MAKE_DIR = 16, 32, 64, 128
FS_MAKE_REG, FS_MAKE_SOCK, FS_MAKE_FIFO, FS_MAKE_BLOCK = 256, 512, 1024, 2048
FS_MAKE_SYM, FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 4096, 8192, 16384, 32768
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2
FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
READ = FS_READ_FILE | FS_READ_DIR
WRITE = (
    READ | FS_WRITE_FILE | FS_REMOVE_DIR | FS_REMOVE_FILE | FS_MAKE_DIR | FS_MAKE_REG | FS_TRUNCATE
)

BOX_UID = 61000
"""First uid (and gid) of the run slots when the grader is root; slot k runs as BOX_UID + k."""
HOME_LIMITS = "size=16m,nr_inodes=512"
SYSTEM_LINKS = ("/lib", "/lib64")
"""Each slot's scratch folder, a tmpfs of its own where namespaces are available."""

SYSCALLS_ALLOWED = (
    # memory, files (Landlock decides which), the job's socket, time, signals to itself.
    "read",
    "write",
    "readv",
    "writev",
    "pread64",
    "pwrite64",
    "close",
    "close_range",
    "fstat",
    "newfstatat",
    "statx",
    "lstat",
    "stat",
    "lseek",
    "statfs",
    "fstatfs",
    "mmap",
    "munmap",
    "mremap",
    "mprotect",
    "brk",
    "madvise",
    "msync",
    "mincore",
    "rt_sigaction",
    "rt_sigprocmask",
    "rt_sigreturn",
    "sigaltstack",
    "access",
    "faccessat",
    "faccessat2",
    "open",
    "openat",
    "getdents64",
    "getcwd",
    "chdir",
    "fchdir",
    "mkdir",
    "mkdirat",
    "unlink",
    "unlinkat",
    "rmdir",
    "rename",
    "renameat",
    "renameat2",
    "readlink",
    "readlinkat",
    "fcntl",
    "dup",
    "dup2",
    "dup3",
    "pipe",
    "pipe2",
    "ftruncate",
    "fsync",
    "fdatasync",
    "flock",
    "umask",
    "futex",
    "set_robust_list",
    "get_robust_list",
    "rseq",
    "sched_yield",
    "sched_getaffinity",
    "getpid",
    "getppid",
    "gettid",
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getgroups",
    "getresuid",
    "getresgid",
    "getpgrp",
    "getpgid",
    "getsid",
    "uname",
    "sysinfo",
    "getrusage",
    "times",
    "getcpu",
    "getrandom",
    "getrlimit",
    "clock_gettime",
    "clock_getres",
    "clock_nanosleep",
    "nanosleep",
    "gettimeofday",
    "time",
    "poll",
    "ppoll",
    "select",
    "pselect6",
    "recvfrom",
    "recvmsg",
    "sendto",
    "sendmsg",
    "shutdown",
    "getsockopt",
    "getsockname",
    "getpeername",
    "exit",
    "exit_group",
    "restart_syscall",
)
"""Everything else fails with EPERM. Collected with strace over the test suite's answers in
every style (loops, einsum, recursion, exceptions, prints, stdlib imports, files in the scratch
folder)."""
IOCTLS_ALLOWED = (0x5401, 0x5421, 0x5451, 0x5450)
"""TCGETS (isatty), FIONBIO (socket timeouts), FIOCLEX, FIONCLEX: no terminal or device ioctl."""


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 when Landlock is off or unknown."""
    version = _libc.syscall(
        SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1)
    )  # LANDLOCK_CREATE_RULESET_VERSION
    return max(int(version), 0)


def probe() -> Literal["kernel", "process"]:
    """The level a run would get here, judged without starting a server (for answers that run
    no code, whose verdicts still say what this machine's sandbox offers): Landlock and
    libseccomp present. The server's own account (``Sandbox.confinement``) is the real one."""
    if not landlock_abi() or "seccomp" not in _SYSCALLS:
        return LEVEL_PROCESS
    try:
        ctypes.CDLL("libseccomp.so.2")
    except OSError:
        return LEVEL_PROCESS
    return LEVEL_KERNEL


def _check(result: int, what: str) -> int:
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")
    return result


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _fs_rights(abi: int) -> int:
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


def landlock_ruleset(rules: list[tuple[str, int]], abi: int) -> int:
    """A ruleset fd allowing each (path, rights) beneath path and nothing else: every file right
    of the ABI is handled, TCP bind and connect are refused (ABI 4), signals and abstract unix
    sockets are scoped to the run's own domain (ABI 6)."""
    handled = _fs_rights(abi)
    attr = _RulesetAttr(
        handled,
        NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0,
        SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0,
    )
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = _check(
        _libc.syscall(
            SYS_LANDLOCK_CREATE_RULESET,
            ctypes.byref(attr),
            ctypes.c_size_t(size),
            ctypes.c_uint32(0),
        ),
        "landlock_create_ruleset",
    )
    try:
        for path, rights in rules:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC | os.O_NOFOLLOW)
            try:
                if not os.path.isdir(path) or os.path.islink(path):
                    rights &= FILE_RIGHTS
                beneath = _PathBeneath(rights & handled, fd)
                _check(
                    _libc.syscall(
                        SYS_LANDLOCK_ADD_RULE, ruleset, 1, ctypes.byref(beneath), ctypes.c_uint32(0)
                    ),
                    f"landlock_add_rule {path}",
                )
            finally:
                os.close(fd)
    except OSError:
        os.close(ruleset)
        raise
    return ruleset


def seccomp_program() -> bytes:
    """The allow list compiled to classic BPF by libseccomp (raises ImportError when the library
    is not installed: then the run has no system call filter and the level says so).

    Compiled in a forked child: importing pyseccomp imports ``threading`` (through
    ``ctypes.util``), whose after-fork handler would then run in every run's child and copy
    about 150 pages each time (0.1-0.2 ms a run)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # only ever called while the caller is single-threaded (the fork server)
        os.close(read)
        try:
            reply = b"+" + _compiled_seccomp_program()
        except ImportError as error:
            reply = b"-" + str(error).encode(errors="replace")
        except BaseException as error:  # noqa: BLE001 - reported to the parent, never lost
            reply = b"!" + f"{type(error).__name__}: {error}".encode(errors="replace")
        with os.fdopen(write, "wb") as sink:
            sink.write(reply)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as source:
        reply = source.read()
    os.waitpid(pid, 0)
    if reply[:1] == b"+":
        return reply[1:]
    if reply[:1] == b"-":
        raise ImportError(reply[1:].decode())
    raise OSError(f"compiling the system call filter failed: {reply[1:].decode() or 'no reply'}")


def _compiled_seccomp_program() -> bytes:
    try:
        import pyseccomp as seccomp
    except (ImportError, RuntimeError, OSError) as error:
        raise ImportError(f"libseccomp is not available ({error})") from error
    program = seccomp.SyscallFilter(seccomp.ERRNO(errno.EPERM))
    try:  # a binary tree instead of a list: half the cost of loading it in every child
        program.set_attr(seccomp.Attr.CTL_OPTIMIZE, 2)
    except (OSError, RuntimeError, AttributeError):
        pass  # libseccomp before 2.5
    for name in SYSCALLS_ALLOWED:
        try:
            program.add_rule(seccomp.ALLOW, name)
        except (OSError, ValueError, RuntimeError):
            pass  # not a system call on this machine (e.g. open on aarch64)
    for request in IOCTLS_ALLOWED:
        program.add_rule(seccomp.ALLOW, "ioctl", seccomp.Arg(1, seccomp.EQ, request))
    program.add_rule(seccomp.ALLOW, "prlimit64", seccomp.Arg(2, seccomp.EQ, 0))  # read only
    read, write = os.pipe()
    try:
        with os.fdopen(write, "wb", closefd=False) as sink:
            program.export_bpf(sink)
        os.close(write)
        write = -1
        chunks = []
        while chunk := os.read(read, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(read)
        if write >= 0:
            os.close(write)


def enter_namespaces() -> tuple[bool, str]:
    """New pid, mount, network, IPC and UTS namespaces for the fork server (a user namespace
    first when not root). Returns whether it worked and, if not, why. After success the caller
    must fork once: its child is pid 1 of the new pid namespace, and every run it forks dies
    with it."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    if uid != 0:
        flags |= CLONE_NEWUSER
    if _libc.unshare(flags) != 0:
        return False, f"no namespaces ({os.strerror(ctypes.get_errno())})"
    if uid != 0:
        for name, text in (
            ("uid_map", f"{uid} {uid} 1"),
            ("setgroups", "deny"),
            ("gid_map", f"{gid} {gid} 1"),
        ):
            with open(f"/proc/self/{name}", "w") as file:
                file.write(text)
    return True, ""


def _mount(
    source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None
) -> None:
    _check(
        _libc.mount(
            source and source.encode(),
            target.encode(),
            fstype and fstype.encode(),
            flags,
            data and data.encode(),
        ),
        f"mount {target}",
    )


def _bind(source: str, target: str, *, writable: bool = False) -> None:
    """A bind mount, read-only unless ``writable``; the flags the kernel locks on the source
    (nosuid, nodev, noexec in a user namespace) are kept, or the remount would be refused."""
    _mount(source, target, None, MS_BIND | MS_REC)
    locked = os.statvfs(source).f_flag & (MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _mount(
        None,
        target,
        None,
        MS_REMOUNT | MS_BIND | MS_NOSUID | locked | (0 if writable else MS_RDONLY | MS_NODEV),
    )


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


@dataclass
class View:
    """What a run may see: read-only roots, minus excluded subtrees, and one home per slot."""

    roots: list[str]
    excluded: list[str]
    homes: list[str]
    writable_files: list[str] = field(default_factory=list)

    def landlock_rules(self, slot: int) -> list[tuple[str, int]]:
        """Landlock adds rights and cannot subtract them, so a root with an excluded subtree is
        allowed entry by entry around it."""
        rules = [(p, READ) for root in self.roots for p in _around(root, self.excluded)]
        rules += [(p, READ | FS_WRITE_FILE) for p in self.writable_files]
        return rules + [(self.homes[slot], WRITE)]


def _around(root: str, excluded: list[str]) -> list[str]:
    inner = [e for e in excluded if _inside(e, root)]
    if not inner:
        return [root]
    if root in inner:
        return []
    paths = []
    with os.scandir(root) as entries:
        for entry in entries:
            paths += _around(entry.path, inner)
    return paths


def numpy_roots() -> list[str]:
    """numpy's folders (its package and its bundled libraries): readable by every run, also
    where they lie in a protected folder (a virtual environment inside the project, or the
    site-packages this project is installed in), or else learner code could use only the
    submodules the server had imported before (``np.random``, ``np.fft``, ``np.ma`` are
    loaded on first use)."""
    import importlib.util

    spec = importlib.util.find_spec("numpy")
    found = []
    for folder in (spec.submodule_search_locations or []) if spec else []:
        folder = os.path.realpath(folder)
        found.append(folder)
        if os.path.isdir(folder + ".libs"):
            found.append(folder + ".libs")
    return found


def readable_roots() -> tuple[list[str], list[str]]:
    """What learner code may read (the standard library, numpy, system libraries) and what must
    stay out of it even where it lies beneath those (every site-packages folder: packs and this
    project may be installed there)."""
    import glob
    import site

    paths = sysconfig.get_paths()
    base = sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_prefix})
    excluded = {os.path.realpath(p[k]) for p in (paths, base) for k in ("purelib", "platlib")}
    excluded |= {
        os.path.realpath(p)
        for p in site.getsitepackages()
        + glob.glob("/usr/lib/python3*/dist-packages")
        + glob.glob("/usr/local/lib/python3*/dist-packages")
    }
    roots = {os.path.realpath(base[k]) for k in ("stdlib", "platstdlib")} | set(numpy_roots())
    for system in SYSTEM_LINKS + ("/usr/lib", "/usr/lib64", "/etc/ld.so.cache"):
        if os.path.exists(system):
            roots.add(os.path.realpath(system))
    minimal = sorted(
        r
        for r in roots
        if not any(
            o != r and _inside(r, o) and not any(_inside(r, e) for e in excluded) for o in roots
        )
    )
    return minimal, sorted(excluded)


def build_view(
    scratch: str, slots: int, protected: list[str], *, namespaces: bool, box_ids: list[int] | None
) -> View:
    """The tree the runs see. With namespaces, a fresh tmpfs root holding bind mounts of the
    roots (excluded subtrees covered by empty folders) and a tmpfs home per slot, entered with
    chroot; without, the real tree, with homes under ``scratch``, for Landlock alone to guard."""
    roots, excluded = readable_roots()
    excluded = sorted(set(excluded) | {os.path.realpath(p) for p in protected})
    allowed = set(numpy_roots())
    roots = [r for r in roots if r in allowed or not any(_inside(r, e) for e in protected)]
    if not namespaces:
        homes = [os.path.join(scratch, "homes", str(k)) for k in range(slots)]
        os.makedirs(os.path.join(scratch, "homes"), exist_ok=True)
        os.chmod(scratch, 0o711)
        os.chmod(os.path.join(scratch, "homes"), 0o711)
        for k, home in enumerate(homes):
            os.makedirs(home, 0o700, exist_ok=True)
            if box_ids:
                os.chown(home, box_ids[k], box_ids[k])
        return View(roots, excluded, homes, ["/dev/null"])
    new_root = os.path.join(scratch, "root")
    os.makedirs(new_root, exist_ok=True)
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("none", new_root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755")
    masks = [
        e for e in excluded if any(_inside(e, r) and e != r for r in roots) and os.path.isdir(e)
    ]
    for path in sorted(roots + masks, key=lambda p: p.count("/")):
        target = new_root + path
        if path in masks:
            os.makedirs(target, 0o755, exist_ok=True)
            _mount("none", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=755")
            continue
        os.makedirs(os.path.dirname(target), 0o755, exist_ok=True)
        if os.path.isdir(path):
            os.makedirs(target, 0o755, exist_ok=True)
        else:
            open(target, "a").close()
        _bind(path, target)
    for link in SYSTEM_LINKS:  # merged /usr: library paths in ld.so.cache go through /lib
        if os.path.islink(link) and not os.path.lexists(new_root + link):
            os.symlink(os.readlink(link), new_root + link)
    os.makedirs(new_root + "/dev", 0o755)
    open(new_root + "/dev/null", "a").close()
    _bind("/dev/null", new_root + "/dev/null", writable=True)
    homes = [f"/box/{k}" for k in range(slots)]
    for k, home in enumerate(homes):
        os.makedirs(new_root + home, 0o755)
        owner = f",uid={box_ids[k]},gid={box_ids[k]}" if box_ids else ""
        _mount(
            "none",
            new_root + home,
            "tmpfs",
            MS_NOSUID | MS_NODEV | MS_NOEXEC,
            f"{HOME_LIMITS},mode=700{owner}",
        )
    for mask in masks:
        _mount(
            None, new_root + mask, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
        )
    _mount(None, new_root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chroot(new_root)
    os.chdir("/")
    # The masks already hide the excluded subtrees, so Landlock can allow each root whole: 6
    # rules instead of ~270 entries around site-packages (restricting then takes about a third
    # of the time, measured in a forked child).
    return View(roots, [], homes, ["/dev/null"])


@dataclass
class Confinement:
    """Everything a child needs to confine itself, prepared by the fork server."""

    level: str = LEVEL_PROCESS
    layers: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    homes: list[str] = field(default_factory=list)
    rulesets: list[int] = field(default_factory=list)
    box_ids: list[int] | None = None
    in_user_namespace: bool = False
    _program: ctypes.Array | None = None
    _fprog: _SockFprog | None = None

    def set_seccomp(self, program: bytes) -> None:
        self._program = ctypes.create_string_buffer(program, len(program))
        self._fprog = _SockFprog(len(program) // 8, ctypes.addressof(self._program))

    def apply(self, slot: int) -> None:
        """In the child, before it reads the learner's source: the slot's identity, the slot's
        Landlock domain, then the system call filter (no new privileges is already in force:
        ``forbid_new_privileges``, in the server). Raises OSError when a layer the level
        promises cannot be applied: the run must not go ahead under less than its verdict will
        say."""
        if self.box_ids:
            ident = self.box_ids[slot]
            os.setgroups([])
            os.setresgid(ident, ident, ident)
            os.setresuid(ident, ident, ident)
        if self.in_user_namespace:
            header, data = _CapHeader(0x20080522, 0), (_CapData * 2)()
            _check(_libc.syscall(_SYSCALLS["capset"], ctypes.byref(header), data), "capset")
        if self.rulesets:
            _check(
                _libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, self.rulesets[slot], ctypes.c_uint32(0)),
                "landlock_restrict_self",
            )
            for fd in self.rulesets:
                os.close(fd)
        if self._fprog is not None:
            _check(_libc.syscall(_SYSCALLS["seccomp"], 1, 0, ctypes.byref(self._fprog)), "seccomp")


def forbid_new_privileges() -> None:
    """No process started from here on can gain privileges (no setuid or file-capability
    exec), which Landlock and seccomp require. Set once in the fork server, before its first
    fork: the flag is inherited and can never be cleared, so every run has it without a
    foreign-function call of its own (the first ctypes call in a child copies about 75 pages)."""
    try:
        prctl = _libc.prctl
    except AttributeError:
        raise OSError(errno.ENOSYS, "this system has no prctl") from None
    _check(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


def unconfined(scratch: str, slots: int, why: str) -> Confinement:
    """The process level on purpose: slot folders, and none of the kernel layers."""
    view = build_view(scratch, slots, [], namespaces=False, box_ids=None)
    return Confinement(homes=view.homes, missing=[why])


def prepare(
    scratch: str, slots: int, protected: list[str], *, namespaces: bool, why_no_namespaces: str = ""
) -> Confinement:
    """Build every layer this machine offers; the level is ``kernel`` only when Landlock and the
    system call filter are both in force and, as root, the runs drop to unprivileged ids."""
    confinement = Confinement()
    if "seccomp" in _SYSCALLS:  # first: libseccomp is found with ldconfig, not in the view
        try:
            confinement.set_seccomp(seccomp_program())
            confinement.layers.append("seccomp")
        except (ImportError, OSError) as error:
            confinement.missing.append(f"seccomp ({error})")
    else:
        confinement.missing.append(f"seccomp (no table for {platform.machine()})")
    root = os.geteuid() == 0
    if namespaces:
        confinement.layers.append("namespaces")
        confinement.in_user_namespace = not root or _in_user_namespace()
    else:
        confinement.missing.append(why_no_namespaces or "no namespaces")
    if root and not confinement.in_user_namespace:
        confinement.box_ids = [BOX_UID + k for k in range(slots)]
        confinement.layers.append("uid")
    view = build_view(scratch, slots, protected, namespaces=namespaces, box_ids=confinement.box_ids)
    confinement.homes = view.homes
    abi = landlock_abi()
    if abi:
        try:
            confinement.rulesets = [
                landlock_ruleset(view.landlock_rules(k), abi) for k in range(slots)
            ]
            confinement.layers.append(f"landlock-{abi}")
        except OSError as error:
            confinement.missing.append(f"landlock ({error})")
    else:
        confinement.missing.append("landlock (not in this kernel)")
    kernel = (
        bool(confinement.rulesets)
        and confinement._fprog is not None
        and (not root or confinement.box_ids is not None or confinement.in_user_namespace)
    )
    confinement.level = LEVEL_KERNEL if kernel else LEVEL_PROCESS
    return confinement


def _in_user_namespace() -> bool:
    try:
        with open("/proc/self/uid_map") as file:
            return file.read().split()[:3] != ["0", "0", "4294967295"]
    except OSError:
        return False
