#!/usr/bin/env bash
# Set up a Debian/Ubuntu PC for flat station desktop, then run it.
#
#   bash installer/bootstrap.sh station   # install what is missing, load the demo once, start the worker station
#   bash installer/bootstrap.sh console   # ... and start the supervisor console (demo PIN 1234)
#   bash installer/bootstrap.sh web       # ... and serve the web ordering desk on the demo (accounts printed)
#   bash installer/bootstrap.sh test      # install what is missing and run lint, type checks and every test
#
# System packages are installed only when missing (apt-get update first); Python packages go
# into .venv beside this folder and are reinstalled only when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
what=${1:-station}
shift || true

APT_PACKAGES=(
  python3 python3-venv python3-pip
  espeak-ng alsa-utils                                  # speech (pyttsx3's espeak driver plays through aplay)
  fonts-noto-cjk                                        # Japanese on screen beside the bundled IPAex font
  libegl1 libgl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xinput0 libxcb-xkb1 libasound2   # Qt's xcb platform
  xvfb xauth xdotool imagemagick poppler-utils          # tests and screenshots on a virtual display
  pulseaudio pulseaudio-utils sox                       # speech heard through a sound server (tests record it)
  cups cups-client cups-bsd printer-driver-cups-pdf     # printing through a real queue (tests print to PDF)
  chromium nodejs npm                                   # the web desk's browser tests (Playwright, axe-core)
  nsis binutils                                         # installer/build.py: makensis (the Windows installer), strip
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  case "$pkg" in  # a Node.js from elsewhere (NodeSource) brings its own npm; Debian's would clash with it
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.flat-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch "$stamp"
fi
.venv/bin/python -m flat_desktop.i18n >/dev/null   # compile the translations (.po -> .mo)

start_postgres() {
  # The tests make their own databases on 127.0.0.1:5432; without a server those tests are skipped.
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    for v in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$v" main status >/dev/null 2>&1 ||
        pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
    done
  fi
}

with_display() {
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    "$@"
  else
    echo "No display found: starting on a virtual display (xvfb-run). Run from a desktop session to see it."
    xvfb-run -a -s "-screen 0 1920x1080x24" "$@"
  fi
}

case "$what" in
  station|console)
    if ! .venv/bin/flat-desktop jobs --json "$@" 2>/dev/null | grep -q '"code"'; then
      .venv/bin/flat-desktop demo "$@"
    fi
    with_display .venv/bin/flat-desktop "$what" "$@"
    ;;
  web)
    if ! .venv/bin/flat-desktop jobs --json 2>/dev/null | grep -q '"code"'; then
      .venv/bin/flat-desktop demo
    fi
    .venv/bin/flat-desktop requesters demo
    .venv/bin/flat-desktop web "$@"
    ;;
  test)
    start_postgres
    # axe-core checks the web desk's pages in the browser tests (node_modules/ is not committed).
    [ -f node_modules/axe-core/axe.min.js ] || npm install --no-save --no-package-lock --silent axe-core || true
    export QT_QPA_PLATFORM=offscreen
    .venv/bin/ruff check flat_desktop tests
    .venv/bin/mypy
    .venv/bin/lint-imports
    .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: bash installer/bootstrap.sh station|console|web|test [args]" >&2
    exit 2
    ;;
esac
