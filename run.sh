#!/usr/bin/env bash
# tiaojie — one entry point for people and CI.
#   ./run.sh serve   set up if needed, then serve the Voilà apps on http://127.0.0.1:8866
#                    (and the course in JupyterLab on 127.0.0.1:8888, linked from the gallery)
#   ./run.sh test    set up if needed (incl. Debian chromium + fonts-noto-cjk), then run every test
#   ./run.sh lab     set up if needed, then open the curriculum in JupyterLab (127.0.0.1:8888)
#   ./run.sh setup   only create/update the environment
set -euo pipefail
cd "$(dirname "$0")"
VENV="${TIAOJIE_VENV:-.venv}"
PY="$VENV/bin/python"

log() { printf '\033[1m[tiaojie]\033[0m %s\n' "$*" >&2; }

need_python() {
  for cand in python3.11 python3.12 python3; do
    if command -v "$cand" >/dev/null && "$cand" -c 'import sys; sys.exit(not ((3,11) <= sys.version_info[:2] < (3,13)))'; then
      echo "$cand"; return
    fi
  done
  log "Python 3.11 or 3.12 is required"; exit 1
}

setup_env() {
  local extras="$1" stamp want
  if [ ! -x "$PY" ]; then
    log "creating virtual environment in $VENV"
    "$(need_python)" -m venv "$VENV"
  fi
  want="$extras $(cat pyproject.toml requirements/constraints.txt | sha256sum | cut -c1-16)"
  stamp="$VENV/.tiaojie-installed"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "installing tiaojie and its pinned dependencies (first time: about 1–2 minutes)"
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
    "$PY" -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e ".${extras}"
    echo "$want" > "$stamp"
  fi
}

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! command -v apt-get >/dev/null; then
    log "apt-get not found: please install $* yourself"; return 1
  fi
  log "installing Debian packages: $*"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

have_cjk_font() { [ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; }
# classroom packs (fpdf2) embed a TrueType-outline CJK font; Noto CJK is CFF and extracts badly
have_pdf_font() { [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; }

system_deps() {  # fonts always; "browser" adds Debian's chromium for the browser tests
  local missing=()
  have_cjk_font || missing+=(fonts-noto-cjk)
  have_pdf_font || missing+=(fonts-wqy-microhei)
  if [ "${1:-}" = browser ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

have_postgres() { compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; }

postgres_deps() {  # the grading tests start a throwaway PostgreSQL cluster (nbgrader db_url)
  have_postgres || apt_install postgresql
}

hub_deps() {  # JupyterHub's proxy for the hub test (tests/serving/test_hub.py): npm's configurable-http-proxy
  command -v configurable-http-proxy >/dev/null && return 0
  command -v npm >/dev/null || apt_install nodejs npm
  log "installing configurable-http-proxy (npm -g)"
  npm install -g --silent configurable-http-proxy@5.3.0 >/dev/null
}

cmd="${1:-help}"; shift || true
case "$cmd" in
  setup)
    setup_env "[test]" ;;
  serve)
    setup_env "[test]"
    system_deps || log "without fonts-noto-cjk, Chinese in charts may not render"
    exec "$VENV/bin/tiaojie" serve "$@" ;;
  lab)
    setup_env "[test]"
    exec "$VENV/bin/tiaojie" lab "$@" ;;
  test)
    setup_env "[test]"
    system_deps browser
    postgres_deps
    hub_deps || log "configurable-http-proxy missing: the JupyterHub test will fail"
    exec "$PY" -m pytest -n 2 --dist loadfile "$@" ;;
  *)
    sed -n '2,7p' "$0"; exit 2 ;;
esac
