#!/usr/bin/env bash
# Installs what is missing, builds, and opens Clearance Tracker on the register in your data
# directory (~/.local/share/org.clearance-tracker.app/register.db on Linux).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
(cd ui && npm run build)
exec cargo run --release --locked --bin clearance-tracker -- "$@"
