#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh Debian machine, starts a throwaway
# PostgreSQL cluster on a free loopback port, and runs every test project.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet on PATH)." >&2
  exit 2
fi

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

source "$root/scripts/pg.sh"
pg_start
trap pg_stop EXIT

mkdir -p "$root/artifacts"
log="$root/artifacts/test-output.txt"
dotnet build OpenEts.slnx --nologo -v q -c Debug
set +e
dotnet test OpenEts.slnx --no-build --nologo -c Debug 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
