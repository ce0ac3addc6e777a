"""Build flat station desktop for installing, and check what was built.

    python installer/build.py                 # frozen folder + smoke test + Windows installer + .deb
    python installer/build.py --skip-build    # check (and package) the folder already built

1. PyInstaller builds ``installer/flat-desktop.spec`` into ``OUT/dist/flat-desktop`` (one folder).
2. The frozen program is smoke-tested as an installed PC would run it, on an empty data folder:
   ``--version``; ``demo``; ``jobs --json``; ``print ticket`` to a PDF whose barcode zxing-cpp reads
   back; a refusal in Japanese (the compiled translations are found); the station (kiosk) and the
   console started on Qt's offscreen platform, a badge scanned (and the console's PIN typed), shown
   and closed with exit status 0; a sentence rendered to a WAV file by the station's voice.
3. ``makensis`` compiles ``installer/windows/flat.nsi`` around the folder (on Linux the Linux
   build stands in for the Windows payload: the script itself is what is checked).
4. On Linux, ``dpkg-deb`` packs the folder as ``flat-desktop_VERSION_ARCH.deb``; with
   ``--install-deb`` (as root) it is installed with ``dpkg -i``, ``flat-desktop --version`` is run
   from ``/usr/bin`` and the package is removed again.

Each step prints how long it took; the bundle's size is printed with its largest parts. Exit
status 0 only when every step asked for passed. Needs the test extra (pyinstaller, zxing-cpp,
pypdfium2, pillow) in the Python that runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "flat-desktop.spec"
NSI = ROOT / "installer" / "windows" / "flat.nsi"
NAME = "flat-desktop"
WINDOWS = sys.platform == "win32"
SIZE_GOAL_MB = 250
GUI_SECONDS = 6  # the station and the console stay up this long in the smoke test
TIMEOUT_S = 180


class BuildFailed(RuntimeError):
    pass


def version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


@contextmanager
def step(title: str, times: dict[str, float]) -> Iterator[None]:
    print(f"== {title}", flush=True)
    start = time.monotonic()
    try:
        yield
    finally:
        times[title] = time.monotonic() - start
        print(f"   {title}: {times[title]:.1f} s", flush=True)


def run(cmd: list[str], *, env: dict[str, str] | None = None, check: bool = True,
        timeout: float = TIMEOUT_S) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=timeout, cwd=ROOT)
    if check and proc.returncode != 0:
        raise BuildFailed(f"{' '.join(cmd)} exited {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


# -- 1. the frozen folder ------------------------------------------------------------------------


def make_sapi_module() -> None:
    """comtypes writes its wrapper of the SAPI type library into comtypes.gen on first use; made
    here, it is bundled, so the installed program never writes inside Program Files."""
    if not WINDOWS:
        return
    import comtypes.client  # type: ignore[import-not-found]

    comtypes.client.CreateObject("SAPI.SpVoice")
    import comtypes.gen.SpeechLib  # type: ignore[import-not-found]


def build(out: Path) -> Path:
    run([sys.executable, "-m", "flat_desktop.i18n"], env=_source_env())
    make_sapi_module()
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "work"), str(SPEC)],
        env=_source_env(), timeout=1800)
    folder = out / "dist" / NAME
    strip_libraries(folder)
    # The translations are found by their .po files and read from the .mo beside each, if that is
    # not older: copied, both may carry the copy's time, and babel (not bundled) would be needed.
    later = time.time() + 1
    for mo in folder.rglob("*.mo"):
        os.utime(mo, (later, later))
    return folder


def strip_libraries(folder: Path) -> None:
    """Debugging symbols out of the Linux libraries (about 60 MB), except those a wheel patched
    with patchelf (the ``*.libs`` folders: numpy's OpenBLAS, psycopg's libpq, Pillow's), which
    ``strip`` breaks ("ELF load command address/offset not page-aligned"); PyInstaller's own
    ``strip`` option cannot leave them out."""
    strip = shutil.which("strip")
    if WINDOWS or strip is None:
        return
    files = [f for f in folder.rglob("*") if f.is_file() and not f.is_symlink()
             and not any(part.endswith(".libs") for part in f.relative_to(folder).parts)
             and f.read_bytes()[:4] == b"\x7fELF"]
    for i in range(0, len(files), 200):
        run([strip, "--strip-unneeded", *map(str, files[i:i + 200])], check=False)


def _source_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def size_report(folder: Path) -> tuple[float, list[tuple[float, str]]]:
    def size(p: Path) -> int:
        if p.is_file() or p.is_symlink():
            return p.lstat().st_size
        return sum(f.lstat().st_size for f in p.rglob("*") if f.is_file() and not f.is_symlink())

    total = size(folder) / 2**20
    parts: list[tuple[float, str]] = []
    internal = folder / "_internal"
    for p in [*folder.iterdir(), *(internal.iterdir() if internal.is_dir() else [])]:
        if p == internal:
            continue
        parts.append((size(p) / 2**20, str(p.relative_to(folder))))
    for sub in ("_internal/PySide6/Qt/lib/libicudata.so.73", "_internal/pyopenjtalk/dictionary",
                "_internal/numpy.libs"):
        if (folder / sub).exists():
            parts.append((size(folder / sub) / 2**20, f"  of which {sub}"))
    libs = sum(s for s, name in parts if name.startswith("_internal/lib") and ".so" in name)
    parts = [p for p in parts if not (p[1].startswith("_internal/lib") and ".so" in p[1])]
    parts.append((libs, "_internal/lib*.so* (system libraries Qt and Python link to)"))
    parts.sort(reverse=True)
    return total, parts


# -- 2. the smoke test -------------------------------------------------------------------------


def smoke(folder: Path) -> list[str]:
    exe = folder / (f"{NAME}.exe" if WINDOWS else NAME)
    home = Path(tempfile.mkdtemp(prefix="flat-smoke-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAT_", "PYTHON"))}
    env.update(FLAT_HOME=str(home), FLAT_LANG="ja", QT_QPA_PLATFORM="offscreen")
    checked: list[str] = []
    try:
        def flat(*args: str, extra: dict[str, str] | None = None, check: bool = True,
                 timeout: float = TIMEOUT_S) -> subprocess.CompletedProcess[str]:
            return run([str(exe), *args], env={**env, **(extra or {})}, check=check, timeout=timeout)

        got = flat("--version").stdout.strip()
        if got != f"{NAME} {version()}":
            raise BuildFailed(f"--version said {got!r}")
        checked.append(f"--version: {got}")

        flat("demo", "--history-days", "3")
        jobs = json.loads(flat("jobs", "--json").stdout)
        if not jobs:
            raise BuildFailed("jobs --json listed no job after demo")
        code = jobs[0]["code"]
        checked.append(f"demo, jobs --json: {len(jobs)} jobs")

        pdf = home / "ticket.pdf"
        flat("print", "ticket", code, "-o", str(pdf))
        payload = decode_barcode(pdf)
        if payload != jobs[0]["payload"]:
            raise BuildFailed(f"the ticket's barcode reads {payload!r}, not {jobs[0]['payload']!r}")
        checked.append(f"print ticket {code}: barcode {payload} decoded")

        refused = flat("jobs", "show", "J-000101-999", check=False)
        if refused.returncode != 2 or not any("\u3040" <= c <= "\u30ff" for c in refused.stderr):
            raise BuildFailed(f"an unknown job was not refused in Japanese: {refused.returncode} {refused.stderr!r}")
        checked.append(f"a refusal in Japanese: {refused.stderr.strip()}")

        badges = {w["code"]: w["payload"] for w in json.loads(flat("workers", "--json").stdout)}
        gui = {"FLAT_QUIT_AFTER_MS": str(GUI_SECONDS * 1000)}
        station = flat("station", "--kiosk", extra={**gui, "FLAT_SMOKE_KEYS": badges["W001"] + "\\n"})
        journal = (home / "log" / "station.jsonl").read_text(encoding="utf-8")
        if "flat ステーション" not in station.stdout or '"verdict": "signed_in"' not in journal:
            raise BuildFailed(f"the station did not come up and sign W001 in: {station.stdout!r}")
        checked.append(f"station (kiosk, offscreen): {station.stdout.strip()}, W001 signed in, exit 0")

        console = flat("console", extra={**gui, "FLAT_SMOKE_KEYS": badges["S001"] + "\\n1234\\n"})
        if "管理コンソール" not in console.stdout or "サインイン" in console.stdout:
            raise BuildFailed(f"the console did not come up signed in: {console.stdout!r}")
        checked.append(f"console (offscreen, signed in as S001): {console.stdout.strip()}, exit 0")

        wav = home / "say.wav"
        engine = "pyttsx3" if WINDOWS else "openjtalk"
        flat("say", "ふうとうを 200まい かぞえます。", "-o", str(wav), "--engine", engine)
        with wave.open(str(wav)) as w:
            seconds = w.getnframes() / w.getframerate()
        if seconds < 1.0:
            raise BuildFailed(f"the speech file holds {seconds:.2f} s")
        checked.append(f"speech ({engine}) rendered: {seconds:.1f} s of audio")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return checked


def decode_barcode(pdf: Path) -> str:
    import pypdfium2
    import zxingcpp

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        image = doc[0].render(scale=300 / 72).to_pil()
    finally:
        doc.close()
    found = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.Code128]
    if not found:
        raise BuildFailed(f"no Code 128 barcode found on {pdf.name}")
    return found[0]


# -- 3. the Windows installer --------------------------------------------------------------------


def nsis(folder: Path, out: Path, *, fast: bool) -> Path:
    makensis = shutil.which("makensis")
    if makensis is None:
        raise BuildFailed("makensis is not installed (Debian: apt-get install nsis)")
    exe = out / f"{NAME}-{version()}-setup.exe"
    exe.unlink(missing_ok=True)
    defines = [f"-DVERSION={version()}", f"-DSOURCE={folder}", f"-DOUTFILE={exe}",
               f"-DICON={ROOT / 'resources' / 'icons' / 'flat-desktop.ico'}"]
    if fast:
        defines.append("-DFAST")  # no compression: the script is what CI checks, not the download size
    run([makensis, "-V2", "-WX", "-INPUTCHARSET", "UTF8", *defines, str(NSI)], timeout=1800)  # warnings fail it
    if not exe.exists() or exe.read_bytes()[:2] != b"MZ":
        raise BuildFailed(f"makensis made no Windows program at {exe}")
    return exe


# -- 4. the Debian package -----------------------------------------------------------------------


DEB_DEPENDS = ("libc6, libegl1, libgl1, libfontconfig1, libglib2.0-0, libdbus-1-3, libxkbcommon0, "
               "libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, "
               "libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xinerama0, "
               "libxcb-xkb1, alsa-utils")

DESKTOP = """[Desktop Entry]
Type=Application
Version=1.0
Name={name}
Name[ja]={name_ja}
Comment={comment}
Comment[ja]={comment_ja}
Exec=/usr/bin/flat-desktop {command}
Icon=flat-desktop
Terminal=false
Categories=Office;
"""


def deb(folder: Path, out: Path, *, fast: bool) -> Path:
    dpkg_deb = shutil.which("dpkg-deb")
    if dpkg_deb is None:
        raise BuildFailed("dpkg-deb is not installed")
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    stage = out / "deb"
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(folder, stage / "opt" / NAME, symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    station = DESKTOP.format(name="flat station", name_ja="flat ステーション", command="station",
                             comment="The worker station (full screen)", comment_ja="作業員のステーション（全画面）")
    (apps / "flat-desktop-station.desktop").write_text(station, encoding="utf-8")
    (apps / "flat-desktop-console.desktop").write_text(
        DESKTOP.format(name="flat console", name_ja="flat 管理コンソール", command="console",
                       comment="The supervisors' console", comment_ja="常勤職員の管理コンソール"), encoding="utf-8")
    # Copied to /etc/xdg/autostart (every user) or ~/.config/autostart, it starts the station at
    # sign-in as a kiosk: see installer/README.md.
    share = stage / "usr" / "share" / NAME
    share.mkdir(parents=True)
    (share / "flat-station-autostart.desktop").write_text(
        station.replace("Exec=/usr/bin/flat-desktop station", "Exec=/usr/bin/flat-desktop station --kiosk")
        + "X-GNOME-Autostart-enabled=true\n", encoding="utf-8")
    icons = stage / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "flat-desktop.png", icons / "flat-desktop.png")
    size_kb = sum(f.lstat().st_size for f in stage.rglob("*") if f.is_file()) // 1024
    control = stage / "DEBIAN"
    control.mkdir()
    (control / "control").write_text(
        f"Package: {NAME}\nVersion: {version()}\nArchitecture: {arch}\nMaintainer: flat station desktop "
        f"contributors <flat@localhost>\nInstalled-Size: {size_kb}\nDepends: {DEB_DEPENDS}\n"
        "Recommends: espeak-ng, fonts-noto-cjk\nSection: misc\nPriority: optional\n"
        "Description: flat smart station: worker station, supervisors' console and tools\n"
        " The worker station (badge sign-in, one step at a time, read aloud) and the supervisors'\n"
        " console of the flat smart station, frozen with everything they need.\n", encoding="utf-8")
    package = out / f"{NAME}_{version()}_{arch}.deb"
    compress = ["-Zgzip", "-z1"] if fast else ["-Zxz"]
    run([dpkg_deb, "--root-owner-group", *compress, "--build", str(stage), str(package)], timeout=1800)
    shutil.rmtree(stage, ignore_errors=True)
    return package


def install_deb(package: Path) -> str:
    """``dpkg -i``, ``/usr/bin/flat-desktop --version``, then ``dpkg -r``: the machine is left as it was."""
    if os.geteuid() != 0:
        raise BuildFailed("installing the .deb needs root")
    _dpkg(["dpkg", "-i", str(package)])
    try:
        got = run(["/usr/bin/flat-desktop", "--version"], env={"PATH": "/usr/bin:/bin"}).stdout.strip()
        if got != f"{NAME} {version()}":
            raise BuildFailed(f"the installed flat-desktop --version said {got!r}")
        for entry in ("flat-desktop-station.desktop", "flat-desktop-console.desktop"):
            if not Path("/usr/share/applications", entry).exists():
                raise BuildFailed(f"{entry} was not installed")
    finally:
        _dpkg(["dpkg", "-r", NAME])
    return got


def _dpkg(cmd: list[str]) -> None:
    """dpkg, waiting (up to five minutes) while another apt or dpkg holds its lock."""
    deadline = time.monotonic() + 300
    while True:
        proc = run(cmd, check=False, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        if proc.returncode == 0:
            return
        if "lock" not in proc.stderr or time.monotonic() > deadline:
            raise BuildFailed(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr[-2000:]}")
        time.sleep(5)


# -- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "installer",
                        help="where the build, the installer and the package go (default build/installer)")
    parser.add_argument("--skip-build", action="store_true", help="use the folder already in OUT/dist")
    parser.add_argument("--no-smoke", action="store_true")
    parser.add_argument("--no-nsis", action="store_true")
    parser.add_argument("--no-deb", action="store_true")
    parser.add_argument("--install-deb", action="store_true", help="dpkg -i the package, run it, dpkg -r (root)")
    parser.add_argument("--fast", action="store_true",
                        help="uncompressed installer and a lightly compressed .deb (CI: checks, not downloads)")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    times: dict[str, float] = {}
    try:
        if args.skip_build:
            folder = out / "dist" / NAME
            if not folder.is_dir():
                raise BuildFailed(f"nothing built in {folder}")
        else:
            with step("build (PyInstaller)", times):
                folder = build(out)
        total, parts = size_report(folder)
        met = "met" if total < SIZE_GOAL_MB else "missed"
        print(f"== bundle {folder}: {total:.0f} MB (goal {SIZE_GOAL_MB} MB: {met})")
        for mb, name in parts[:12]:
            print(f"   {mb:7.1f} MB  {name}")
        if not args.no_smoke:
            with step("smoke test", times):
                for line in smoke(folder):
                    print(f"   ok  {line}")
        if not args.no_nsis:
            with step("Windows installer (makensis)", times):
                exe = nsis(folder, out, fast=args.fast)
                print(f"   ok  {exe} ({exe.stat().st_size / 2**20:.0f} MB)")
        if not args.no_deb and not WINDOWS:
            with step("Debian package (dpkg-deb)", times):
                package = deb(folder, out, fast=args.fast)
                print(f"   ok  {package} ({package.stat().st_size / 2**20:.0f} MB)")
            if args.install_deb:
                with step("dpkg -i, flat-desktop --version, dpkg -r", times):
                    print(f"   ok  installed: {install_deb(package)}")
    except (BuildFailed, subprocess.TimeoutExpired) as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    print("== times: " + ", ".join(f"{k} {v:.0f} s" for k, v in times.items())
          + f"; {platform.system()} {platform.machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
