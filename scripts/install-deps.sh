#!/usr/bin/env bash
# Installs what Clearance Tracker needs to build, run and test on Debian/Ubuntu.
# Idempotent: every step checks first, so running it again is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
  xvfb xauth dbus dbus-x11 webkit2gtk-driver x11-utils
  poppler-utils sqlite3 python3 python3-venv fonts-noto-cjk
  python3-icalendar python3-dbus python3-gi python3-openpyxl libglib2.0-bin libdbus-1-dev
  nodejs npm
  # The office server's tests (issue 16): a throw-away cluster from pg_virtualenv, psql.
  postgresql postgresql-common
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# Node from another source (nvm, nodesource) is fine: do not ask apt for it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo --version >/dev/null 2>&1; then
  if command -v rustup >/dev/null; then
    # rustup without a toolchain chosen (its `cargo` only says so).
    echo "Setting up Rust's stable toolchain with rustup"
    rustup default stable
    rustup component add rustfmt clippy
  else
    echo "Installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component rustfmt,clippy
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if (( NODE_MAJOR < 20 )); then
  echo "Node.js 20 or newer is needed for the UI build (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Install it from your distribution's backports or nodesource, then run this again." >&2
  exit 1
fi

if ! command -v tauri-driver >/dev/null; then
  echo "Installing tauri-driver"
  cargo install tauri-driver --locked
fi

if [[ ! -d ui/node_modules ]] || [[ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]]; then
  echo "Installing UI packages"
  (cd ui && npm ci --no-audit --no-fund)
fi
