#!/usr/bin/env bash
# Lists the crates whose features differ between the app's build and the test/bench build (the
# dev-dependencies turn features on in crates the app shares). Any drift makes `cargo bench` and
# `cargo test` rebuild those crates and everything above them after `./scripts/run.sh`; turn the
# same features on in Cargo.toml's unification entries. Exits 1 when there is drift.
set -euo pipefail
cd "$(dirname "$0")/.."
app=$(mktemp) dev=$(mktemp)
trap 'rm -f "$app" "$dev"' EXIT
cargo tree --locked -e normal,build -f '{p} {f}' --prefix none --no-dedupe | sort -u >"$app"
cargo tree --locked -e normal,build,dev -f '{p} {f}' --prefix none --no-dedupe | sort -u >"$dev"
python3 - "$app" "$dev" <<'PY'
import sys

def features(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if len(parts) < 2:
            continue
        name = " ".join(parts[:2])
        rest = " ".join(parts[2:]).replace("(*)", "").replace("(proc-macro)", "").strip()
        out.setdefault(name, set()).add(rest)
    return out

app, dev = features(sys.argv[1]), features(sys.argv[2])
drift = [name for name in sorted(dev) if name in app and app[name] != dev[name]]
for name in drift:
    print(f"{name}\n  app:  {sorted(app[name])}\n  test: {sorted(dev[name])}")
sys.exit(1 if drift else 0)
PY
