"""A private print stack for tests: a cupsd of its own (own config folder,
port and socket; CUPS_SERVER points there) with a capture queue that writes
each job to a file, and optionally a driverless queue to CUPS's
ippeveprinter, which needs a private dbus-daemon and avahi-daemon bound to
lo. Everything lives in a temp folder under /tmp owned root:lp (filters run
as lp), listens on loopback only, and is started and stopped by PID.

    with PrintStack(eve=True) as ps:
        env = ps.env()            # CUPS_SERVER for libcups and lp*
        ps.wait_capture(old)      # what the capture queue received
        ps.paper_out(True)        # ippeveprinter reports media-empty
"""

import fcntl
import glob
import grp
import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

CUPSD_CONF = """LogLevel debug
Listen 127.0.0.1:{port}
Listen {dir}/cups.sock
Browsing No
WebInterface No
DefaultAuthType None
JobRetryInterval 1
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """ServerRoot {dir}
RequestRoot {dir}/spool
TempDir {dir}/tmp
CacheDir {dir}/cache
StateDir {dir}/state
ErrorLog {dir}/log/error_log
AccessLog {dir}/log/access_log
PageLog {dir}/log/page_log
ServerBin {dir}/serverbin
Printcap {dir}/printcap
User lp
Group lp
SystemGroup root
"""

DBUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={dir}/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="signal"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
  </policy>
</busconfig>
"""

AVAHI_CONF = """[server]
use-ipv4=yes
use-ipv6=no
allow-interfaces=lo
enable-dbus=yes
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
"""

# ippeveprinter runs this for each job: with the flag file present it
# reports no paper (the way a real printer's state reasons say it) and
# fails the job; without, it clears the reason and succeeds at once.
PAPER_SCRIPT = """#!/bin/sh
if [ -e {dir}/paper-out ]; then
  echo "STATE: +media-empty-error" >&2
  exit 1
fi
echo "STATE: -media-empty-error" >&2
exit 0
"""

# A backend that writes each job to a file, whole, then renames it into
# place: the raw queue's capture (CUPS hands raw jobs, ESC/POS, to the
# backend untouched) and the driver queue's, after its filters.
CAPTURE_BACKEND = """#!/bin/sh
if [ $# -eq 0 ]; then
  echo 'direct qhallcapture "Unknown" "qhall raw capture"'
  exit 0
fi
out=${DEVICE_URI#qhallcapture:}
if [ -n "$6" ]; then cat "$6"; else cat; fi > "$out.part" && mv "$out.part" "$out"
"""

# Every job cupsd keeps, with the names it was given.
GET_JOBS_TEST = """{
  NAME "Get-Jobs"
  OPERATION Get-Jobs
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR name requesting-user-name root
  ATTR keyword which-jobs all
  ATTR keyword requested-attributes job-id,job-name,document-name-supplied
  STATUS successful-ok
}
"""

# The avahi-daemon keeps its pid file in /run, one per machine: two stacks
# with ippeveprinter take turns.
AVAHI_LOCK = "/tmp/qhall-print-avahi.lock"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class PrintStack:
    def __init__(self, eve=False):
        self.eve = eve
        self.dir = None
        self.procs = {}
        self.lock = None
        self.port = free_port()
        self.eve_port = free_port()

    # ---- start and stop

    def __enter__(self):
        try:
            self.start()
        except Exception:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def env(self, base=None):
        e = dict(base if base is not None else os.environ)
        e["CUPS_SERVER"] = os.path.join(self.dir, "cups.sock")
        return e

    def _write(self, name, text, mode=0o644):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def _spawn(self, name, argv, env=None):
        log = open(os.path.join(self.dir, "log", name + ".out"), "ab")
        self.procs[name] = subprocess.Popen(argv, stdout=log, stderr=log,
                                            env=env or self.env(),
                                            start_new_session=True)
        log.close()

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="qhall-print-", dir="/tmp")
        for sub in ("spool", "tmp", "cache", "state", "log", "ppd", "out",
                    "eve"):
            os.mkdir(os.path.join(self.dir, sub))
        fill = {"dir": self.dir, "port": self.port}
        self._write("cupsd.conf", CUPSD_CONF.format(**fill))
        self._write("cups-files.conf", CUPS_FILES_CONF.format(**fill))
        shutil.copy(os.path.join(HERE, "capture.ppd"), self.dir)
        # Filters run as lp: it must reach the folder and write the output.
        lp = grp.getgrnam("lp").gr_gid
        for root, dirs, files in os.walk(self.dir):
            for n in dirs + files + ["."]:
                p = os.path.join(root, n)
                os.chown(p, 0, lp)
                os.chmod(p, os.stat(p).st_mode | 0o070)
        self._serverbin()
        self._spawn("cupsd", ["cupsd", "-f", "-c",
                              os.path.join(self.dir, "cupsd.conf"), "-s",
                              os.path.join(self.dir, "cups-files.conf")])
        # lpstat -r exits 0 also when it says "scheduler is not running".
        self._wait(lambda: self.run("lpstat", "-r").stdout.strip() ==
                   "scheduler is running", "cupsd did not answer")
        self.add_capture("capture")
        self.add_raw("raw")
        if self.eve:
            self._start_eve()

    def _serverbin(self):
        """CUPS's programs, plus the raw capture backend. CUPS runs only
        backends owned by root and writable by nobody else."""
        sb = os.path.join(self.dir, "serverbin")
        os.mkdir(sb)
        for name in os.listdir("/usr/lib/cups"):
            real = os.path.join("/usr/lib/cups", name)
            if name != "backend":
                os.symlink(real, os.path.join(sb, name))
                continue
            os.mkdir(os.path.join(sb, "backend"), 0o755)
            for b in os.listdir(real):
                os.symlink(os.path.join(real, b),
                           os.path.join(sb, "backend", b))
        path = os.path.join(sb, "backend", "qhallcapture")
        with open(path, "w") as f:
            f.write(CAPTURE_BACKEND)
        os.chmod(path, 0o755)

    def _start_eve(self):
        self.lock = open(AVAHI_LOCK, "w")
        deadline = time.monotonic() + 120
        while True:
            try:
                fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise RuntimeError("another print stack holds avahi")
                time.sleep(0.2)
        bus = os.path.join(self.dir, "bus")
        env = self.env()
        env["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + bus
        self._write("dbus.conf", DBUS_CONF.format(dir=self.dir))
        self._spawn("dbus", ["dbus-daemon", "--config-file=" +
                             os.path.join(self.dir, "dbus.conf"),
                             "--nofork", "--nopidfile"], env)
        self._wait(lambda: os.path.exists(bus), "dbus-daemon did not start")
        self._write("avahi.conf", AVAHI_CONF)
        self._clear_stale_avahi()
        self._spawn("avahi", ["avahi-daemon", "-f",
                              os.path.join(self.dir, "avahi.conf"),
                              "--no-drop-root", "--no-chroot",
                              "--no-rlimits"], env)
        self._wait(lambda: "startup complete" in self._log("avahi"),
                   "avahi-daemon did not start")
        self.eve_env = env
        self._write("paper.sh", PAPER_SCRIPT.format(dir=self.dir), 0o755)
        self.start_eve_printer()
        r = self.run("lpadmin", "-p", "eve", "-E", "-v", self.eve_uri(),
                     "-m", "everywhere")
        if r.returncode != 0:
            raise RuntimeError("lpadmin eve: " + r.stderr)
        self.wait_idle("eve")

    def _log(self, name):
        try:
            with open(os.path.join(self.dir, "log", name + ".out"),
                      errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def _clear_stale_avahi(self):
        """An avahi-daemon killed earlier leaves its pid file and socket
        in /run; one that still runs is not ours to touch."""
        pidfile = "/run/avahi-daemon/pid"
        try:
            with open(pidfile) as f:
                pid = int(f.read().strip() or 0)
        except (OSError, ValueError):
            return
        try:
            os.kill(pid, 0)
            alive = True
        except ProcessLookupError:
            alive = False
        except PermissionError:
            alive = True
        if alive and pid > 0:
            raise RuntimeError("an avahi-daemon (pid %d) already runs here"
                               % pid)
        for f in (pidfile, "/run/avahi-daemon/socket"):
            try:
                os.unlink(f)
            except FileNotFoundError:
                pass

    def eve_uri(self):
        return "ipp://localhost:%d/ipp/print" % self.eve_port

    def start_eve_printer(self):
        """ippeveprinter on loopback (-n localhost binds 127.0.0.1 and ::1;
        an address given as a number makes it fail on IPv6)."""
        self._spawn("ippeveprinter", [
            "ippeveprinter", "-vv", "-p", str(self.eve_port), "-n", "localhost",
            "-c", os.path.join(self.dir, "paper.sh"), "-k", "-d",
            os.path.join(self.dir, "eve"), "-f",
            "image/pwg-raster,image/png,application/octet-stream",
            "-M", "qhall", "-m", "thermal", "qhall-eve"], self.eve_env)
        self._wait(lambda: self._port_open(self.eve_port),
                   "ippeveprinter did not listen")

    def stop_eve_printer(self):
        self._kill("ippeveprinter")

    def _port_open(self, port):
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return True
        except OSError:
            return False

    def _kill(self, name):
        p = self.procs.pop(name, None)
        if p is None or p.poll() is not None:
            return
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(10)

    def stop(self):
        for name in ("ippeveprinter", "avahi", "dbus", "cupsd"):
            self._kill(name)
        if self.lock:
            self.lock.close()
            self.lock = None
        if self.dir and not os.environ.get("QHALL_KEEP_PRINT"):
            shutil.rmtree(self.dir, ignore_errors=True)

    def _wait(self, fn, what, timeout=15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if fn():
                return
            time.sleep(0.02)
        raise RuntimeError(what + "; log: " + self.log_tail())

    def log_tail(self):
        out = []
        for f in sorted(glob.glob(os.path.join(self.dir, "log", "*"))):
            with open(f, errors="replace") as fh:
                out.append("== %s\n%s" % (f, fh.read()[-1500:]))
        return "\n".join(out)

    # ---- health: what every print test checks after it ran

    def problems(self):
        """What went wrong in the stack so far, as sentences: a service
        that died (a crash of cupsd is how Debian 12's CUPS 2.4.2-3+deb12u10
        answers a document-name with whitespace), a crash in cupsd's log,
        and any name attribute with ASCII whitespace that reached cupsd or
        ippeveprinter."""
        out = []
        for name, p in self.procs.items():
            if p.poll() is not None:
                out.append("%s died (exit %s); log: %s" %
                           (name, p.returncode, self.log_tail()))
        try:
            with open(os.path.join(self.dir, "log", "error_log"),
                      errors="replace") as f:
                for line in f:
                    if "crashed on signal" in line or "segfault" in line:
                        out.append("cupsd's log: " + line.strip())
        except FileNotFoundError:
            pass
        if "cupsd" in self.procs and self.procs["cupsd"].poll() is None:
            for attr, value in self.names_sent():
                if any(c in value for c in " \t\n\r\v\f"):
                    out.append("a client sent %s %r" % (attr, value))
        return out

    def names_sent(self):
        """(attribute, value) of every name that jobs carried: job-name and
        document-name-supplied of every job cupsd knows, and every name
        attribute ippeveprinter logged (-vv logs each request's)."""
        test = os.path.join(self.dir, "get-jobs.test")
        with open(test, "w") as f:
            f.write(GET_JOBS_TEST)
        r = subprocess.run(["ipptool", "-tv", "ipp://127.0.0.1:%d/" %
                            self.port, test], capture_output=True,
                           text=True, timeout=30)
        if "[PASS]" not in r.stdout:
            raise RuntimeError("Get-Jobs failed: " + r.stdout[-2000:])
        found = []
        for line in r.stdout.splitlines():
            key, sep, value = line.strip().partition(" (nameWithoutLanguage)"
                                                     " = ")
            if sep and key in ("job-name", "document-name-supplied"):
                found.append((key, value))
        for line in self._log("ippeveprinter").splitlines():
            key, sep, value = line.strip().partition(" (nameWithoutLanguage)"
                                                     " ")
            if sep and key.endswith("-name"):
                found.append((key, value))
        return found

    # ---- queues

    def run(self, *argv, check=False):
        """An lp* tool against this cupsd. Right after start cupsd reloads
        and reopens its sockets once; a tool that finds no one there is
        run again, for a few seconds at most."""
        deadline = time.monotonic() + 5
        while True:
            r = subprocess.run(list(argv), capture_output=True, text=True,
                               env=self.env(), timeout=30)
            if r.returncode == 0 or "Unable to connect" not in r.stderr \
                    or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if check and r.returncode != 0:
            raise RuntimeError("%s: %s" % (" ".join(argv), r.stderr))
        return r

    def add_capture(self, name):
        """A queue with a driver whose output lands in a file: its tiny PPD
        passes PWG raster, PNG and raw bytes through unchanged to the
        capture backend. (A file: device no longer serves: since
        2.4.2-3+deb12u10 cupsd opens it without O_CREAT or O_TRUNC, so it
        writes only into a file that exists, over what was there.)"""
        self.run("lpadmin", "-p", name, "-E", "-v",
                 "qhallcapture:" + self.capture_path(name), "-P",
                 os.path.join(self.dir, "capture.ppd"), check=True)
        self.wait_idle(name)

    def add_raw(self, name):
        """A raw queue (no driver: what a thermal printer on USB gets)
        whose backend writes each job to a file."""
        self.run("lpadmin", "-p", name, "-E", "-v",
                 "qhallcapture:" + self.capture_path(name), "-m", "raw",
                 check=True)
        self.wait_idle(name)

    def capture_path(self, name="capture"):
        return os.path.join(self.dir, "out", name + ".bin")

    def wait_idle(self, name, timeout=15.0):
        self._wait(lambda: "idle" in self.run("lpstat", "-p", name).stdout,
                   "queue %s not idle" % name, timeout)

    def disable(self, name):
        self.run("cupsdisable", name, check=True)

    def enable(self, name):
        self.run("cupsenable", name, check=True)

    def paper_out(self, out):
        flag = os.path.join(self.dir, "paper-out")
        if out:
            open(flag, "w").close()
        elif os.path.exists(flag):
            os.unlink(flag)

    def capture_stamp(self, name="capture"):
        try:
            st = os.stat(self.capture_path(name))
            return (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            return None

    def wait_capture(self, before, name="capture", timeout=15.0):
        """The capture file once a job newer than `before` finished."""
        path = self.capture_path(name)

        def done():
            st = self.capture_stamp(name)
            return st is not None and st != before and st[1] > 0 and \
                "idle" in self.run("lpstat", "-p", name).stdout
        self._wait(done, "no job reached " + name, timeout)
        with open(path, "rb") as f:
            return f.read()

    def eve_files(self):
        return sorted(glob.glob(os.path.join(self.dir, "eve", "*")),
                      key=os.path.getmtime)


# ---- what arrived: PWG raster, PNG, ESC/POS, as gray rows

def pwg_pages(data):
    """Pages of a PWG raster stream: (header dict, rows of bytes)."""
    if data[:4] != b"RaS2":
        raise ValueError("not PWG raster: %r" % data[:4])
    at, pages = 4, []
    while at + 1796 <= len(data):
        h = data[at:at + 1796]
        at += 1796
        # PWG 5102.4: big-endian fields at fixed offsets.
        u = lambda off: struct.unpack(">I", h[off:off + 4])[0]
        hdr = {"HWResolution": (u(276), u(280)), "Width": u(372),
               "Height": u(376), "BitsPerColor": u(384),
               "BitsPerPixel": u(388), "BytesPerLine": u(392),
               "ColorOrder": u(396), "ColorSpace": u(400),
               "NumColors": u(420)}
        bpl, rows = hdr["BytesPerLine"], []
        bpp = hdr["BitsPerPixel"] // 8
        while len(rows) < hdr["Height"]:
            # Each line: a repeat count, then runs of pixels (PackBits-ish).
            rep = data[at] + 1
            at += 1
            line = bytearray()
            while len(line) < bpl:
                n = data[at]
                at += 1
                if n == 128:  # the rest of the line is white
                    line += b"\xff" * (bpl - len(line))
                elif n < 128:
                    line += data[at:at + bpp] * (n + 1)
                    at += bpp
                else:
                    cnt = (257 - n) * bpp
                    line += data[at:at + cnt]
                    at += cnt
            if len(line) != bpl:
                raise ValueError("a raster line overran its width")
            rows.extend([bytes(line)] * rep)
        pages.append((hdr, rows[:hdr["Height"]]))
    return pages


def png_decode(data):
    """A PNG (8-bit gray, palette, RGB, with or without alpha) as
    (width, rows of RGB bytes); alpha is dropped."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    at, idat, palette = 8, [], b""
    w = h = depth = ctype = lace = None
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        at += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, lace = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if depth != 8 or lace:
        raise ValueError("only 8-bit non-interlaced PNGs")
    ch = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(b"".join(idat))
    stride = w * ch
    if len(raw) < h * (stride + 1):
        raise ValueError("PNG cut short")
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(ch, stride):
                line[i] = (line[i] + line[i - ch]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                a = line[i - ch] if i >= ch else 0
                line[i] = (line[i] + ((a + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - ch] if i >= ch else 0
                b = prev[i]
                c = prev[i - ch] if i >= ch else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else
                                      b if pb <= pc else c)) & 255
        prev = line
        if ctype == 3:
            rgb = b"".join(palette[3 * v:3 * v + 3] for v in line)
        elif ctype == 2:
            rgb = bytes(line)
        elif ctype == 6:
            rgb = bytes(b for i, b in enumerate(line) if i % 4 != 3)
        elif ctype == 4:
            rgb = bytes(v for v in line[0::2] for _ in range(3))
        else:
            rgb = bytes(v for v in line for _ in range(3))
        rows.append(rgb)
    return w, rows


def png_gray(data):
    """A PNG as (width, rows of gray bytes)."""
    w, rows = png_decode(data)
    return w, [bytes(r[0::3]) for r in rows]


def escpos_gray(data):
    """ESC/POS GS v 0 bands as (width, gray rows), dots black."""
    at, rows, width = 0, [], None
    while at < len(data):
        if data[at:at + 3] == b"\x1dv0":
            bpl = data[at + 4] | data[at + 5] << 8
            n = data[at + 6] | data[at + 7] << 8
            at += 8
            width = bpl * 8
            for _ in range(n):
                line = data[at:at + bpl]
                at += bpl
                rows.append(bytes(0 if line[x // 8] & (0x80 >> (x % 8))
                                  else 255 for x in range(width)))
        else:
            at += 1
    return width, rows


def write_pgm(path, width, rows):
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (width, len(rows)))
        for r in rows:
            f.write(r)


def zbar(path):
    """The QR codes zbarimg finds in an image file."""
    r = subprocess.run(["zbarimg", "-q", "--raw", path], capture_output=True,
                       text=True, timeout=60)
    return [line for line in r.stdout.splitlines() if line]
