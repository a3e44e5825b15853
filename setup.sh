#!/usr/bin/env bash
# Set up everything the generator needs on a fresh Debian machine; safe to rerun.
#   ./setup.sh         system libraries + .venv with the pinned runtime packages
#   ./setup.sh --dev   the same, plus the pinned test tools, Chromium (browser tests) and,
#                      in the background, LibreOffice's writer (the Word files' conversion test)
set -euo pipefail
cd "$(dirname "$0")"

requirements=requirements.txt
[ "${1:-}" = "--dev" ] && requirements=requirements-dev.txt

# WeasyPrint draws text with Pango, HarfBuzz and fontconfig from the system.
# poppler-utils gives pdftoppm/pdftotext for looking at output (tests use pypdfium2).
missing=()
# The linker cache is read once, whole: `ldconfig -p | grep -q` under pipefail
# fails now and then (grep exits at the first match, ldconfig dies of SIGPIPE),
# which would report a present library as missing. ldconfig is in /sbin, which
# is not on an ordinary user's PATH.
libraries=$(PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null || true)
# libharfbuzz-subset makes font subsetting about 20 times faster than fontTools.
for pair in libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
            libharfbuzz.so.0:libharfbuzz0b libharfbuzz-subset.so.0:libharfbuzz-subset0 \
            libfontconfig.so.1:libfontconfig1; do
  [[ $libraries == *"${pair%%:*} ("* ]] || missing+=("${pair##*:}")
done
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
# The tests open the live preview in Debian's headless Chromium (driven by Playwright).
if [ "$requirements" = requirements-dev.txt ] && ! command -v chromium >/dev/null; then
  missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3
[ -x .venv/bin/python ] || "$python" -m venv .venv

# Reinstall only when the pinned lists change.
stamp=.venv/.installed-$(cat requirements.txt "$requirements" | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages from $requirements" >&2
  # --dev: uv (pinned in requirements-dev.txt) installs the lists, fetching in parallel
  # and compiling no module ahead (a clean machine: 13 s, not pip's 65 s), and
  # tests/test_install.py's fresh venv then finds them in uv's cache. pip if uv fails.
  uv_pin=$(grep -m1 -o '^uv==[^ ]*' requirements-dev.txt || true)
  if [ "$requirements" = requirements-dev.txt ] && [ -n "$uv_pin" ] &&
     .venv/bin/python -m pip install -q --disable-pip-version-check "$uv_pin" &&
     .venv/bin/uv pip install -q --python .venv/bin/python -r "$requirements"; then
    :
  else
    .venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements"
  fi
  touch "$stamp"
fi

# A real reader of the Word files: tests/test_docx.py converts them with LibreOffice's
# writer (no GUI, no recommends: about 117 MB, 25 s to unpack on this machine kind).
# Installed in the background, so the tests start meanwhile; that test waits for the
# log's last line ("exit N", or its process gone) and fails with the log if it failed.
office_log=.venv/libreoffice-install.log office_pid=.venv/libreoffice-install.pid
if [ "$requirements" = requirements-dev.txt ] && ! command -v soffice >/dev/null &&
   ! { [ -f "$office_pid" ] && kill -0 "$(cat "$office_pid")" 2>/dev/null; }; then   # not while one runs
  echo "setup: installing LibreOffice's writer in the background (log: $office_log)" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  : >"$office_log"
  ( status=0
    { $sudo apt-get update -qq &&     # at low priority: the tests run meanwhile
      DEBIAN_FRONTEND=noninteractive $sudo nice -n 15 apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui
    } >>"$office_log" 2>&1 </dev/null || status=$?
    echo "exit $status" >>"$office_log" ) &
  echo $! >"$office_pid"
fi
