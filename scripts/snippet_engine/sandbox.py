"""The sandbox a job runs in: its own processes, no network, read-only
files but for its scratch directory, and no privileges.

On Linux a job gets new PID, network and mount namespaces (inside a new
user namespace when the build does not run as root). The worker forks a
tiny init, PID 1 of the new PID namespace, which forks the job and waits
for it: when the job ends, or the worker is killed, init exits and the
kernel kills everything the job started. (The job is not PID 1 itself,
so its signals behave as usual: a crash is reported as a crash.) In the
job's namespace every mount becomes read-only except a fresh bind mount
of the scratch directory; ``/proc`` is remounted for the new PID namespace
(so ``/proc/1/root`` is the job's own);
the network namespace has no interface up; then all capabilities are
dropped and ``PR_SET_NO_NEW_PRIVS`` is set, so nothing can undo it.

Where namespaces are unavailable (macOS, a locked-down container),
:func:`split` reports what is missing and the job runs with the rest.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

_CLONE_NEWNS = 0x00020000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWPID = 0x20000000
_CLONE_NEWNET = 0x40000000
_MS_RDONLY = 1
_MS_NOSUID = 2
_MS_NODEV = 4
_MS_NOEXEC = 8
_MS_REMOUNT = 32
_MS_BIND = 4096
_MS_REC = 0x4000
_MS_PRIVATE = 1 << 18
_MOUNT_ATTR_RDONLY = 1
_AT_FDCWD = -100
_AT_RECURSIVE = 0x8000
_PR_SET_PDEATHSIG = 1
_PR_CAPBSET_DROP = 24
_PR_SET_NO_NEW_PRIVS = 38
_PR_CAP_AMBIENT = 47
_PR_CAP_AMBIENT_CLEAR_ALL = 4
_SYSCALLS = {  # mount_setattr, capset
    "x86_64": (442, 126),
    "aarch64": (442, 91),
}

PROTECTIONS = ("processes", "network", "files", "privileges")
"""What the sandbox protects, in the words the build report uses."""


class _MountAttr(ctypes.Structure):
    _fields_ = [
        ("attr_set", ctypes.c_uint64),
        ("attr_clr", ctypes.c_uint64),
        ("propagation", ctypes.c_uint64),
        ("userns_fd", ctypes.c_uint64),
    ]


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


@dataclass(frozen=True)
class Isolation:
    """Which protections a job got, and why any is missing."""

    missing: tuple[str, ...] = ()
    reason: str = ""


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def split(scratch: Path, disabled: bool = False) -> tuple[int, Isolation]:
    """Enter new namespaces and fork: returns ``(0, isolation)`` in the
    job and ``(pid of its init, isolation)`` in the worker. Without
    namespaces nothing forks: ``(0, isolation with what is missing)``."""
    libc = _libc()
    if disabled or libc is None:
        why = "disabled" if disabled else f"not Linux ({sys.platform})"
        return 0, Isolation(PROTECTIONS, why)
    flags = _CLONE_NEWNS | _CLONE_NEWPID | _CLONE_NEWNET
    uid, gid = os.geteuid(), os.getegid()
    if uid != 0:
        flags |= _CLONE_NEWUSER
    try:
        _check(libc.unshare(flags), "unshare")
        if uid != 0:
            Path("/proc/self/setgroups").write_text("deny")
            Path("/proc/self/uid_map").write_text(f"0 {uid} 1")
            Path("/proc/self/gid_map").write_text(f"0 {gid} 1")
    except OSError as exc:
        return 0, Isolation(PROTECTIONS, f"no namespaces ({exc})")
    init = os.fork()
    if init:
        return init, Isolation()
    _die_with_parent(libc)
    missing: list[str] = []
    reasons: list[str] = []
    try:
        _read_only_but(libc, scratch)
    except OSError as exc:
        missing.append("files")
        reasons.append(str(exc))
    job = os.fork()
    if job:
        _be_init(job)
    _die_with_parent(libc)
    try:
        _drop_privileges(libc)
    except OSError as exc:
        missing.append("privileges")
        reasons.append(str(exc))
    return 0, Isolation(tuple(missing), "; ".join(reasons))


def _die_with_parent(libc: ctypes.CDLL) -> None:
    _check(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")


def _be_init(job: int) -> None:
    """PID 1: reap orphans until the job ends, then exit as it did (a
    signal as 128 + its number); the kernel then kills the rest."""
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            os._exit(1)
        if pid == job:
            code = os.waitstatus_to_exitcode(status)
            os._exit(128 - code if code < 0 else code)


def _read_only_but(libc: ctypes.CDLL, scratch: Path) -> None:
    _check(
        libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None),
        "make mounts private",
    )
    target = os.fsencode(scratch)
    _check(libc.mount(target, target, None, _MS_BIND, None), "bind scratch")
    calls = _SYSCALLS.get(os.uname().machine)
    read_only = _MountAttr(_MOUNT_ATTR_RDONLY, 0, 0, 0)
    done = calls is not None and 0 == libc.syscall(
        calls[0],
        _AT_FDCWD,
        b"/",
        _AT_RECURSIVE,
        ctypes.byref(read_only),
        ctypes.sizeof(read_only),
    )
    if done:
        assert calls is not None
        writable = _MountAttr(0, _MOUNT_ATTR_RDONLY, 0, 0)
        _check(
            libc.syscall(
                calls[0],
                _AT_FDCWD,
                target,
                0,
                ctypes.byref(writable),
                ctypes.sizeof(writable),
            ),
            "scratch writable",
        )
    else:  # kernels before 5.12: remount each mount point read-only
        points = [
            line.split()[4]
            for line in Path("/proc/self/mountinfo").read_text().splitlines()
        ]
        for point in points:
            if point == os.fsdecode(target):
                continue
            libc.mount(
                None,
                os.fsencode(point),
                None,
                _MS_REMOUNT | _MS_BIND | _MS_RDONLY,
                None,
            )
    _check(
        libc.mount(
            b"proc",
            b"/proc",
            b"proc",
            _MS_NOSUID | _MS_NODEV | _MS_NOEXEC,
            None,
        ),
        "mount /proc",
    )


def _drop_privileges(libc: ctypes.CDLL) -> None:
    for cap in range(64):
        libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)
    libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    calls = _SYSCALLS.get(os.uname().machine)
    if calls is None:
        raise OSError(0, f"capset: unknown machine {os.uname().machine}")
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    _check(libc.syscall(calls[1], ctypes.byref(header), data), "capset")
    _check(libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
