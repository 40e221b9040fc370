#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need when it is missing (Debian packages
# redis-server, chromium, npm, prometheus), builds the solution, runs every test project, and ends with
# "N passed, N failed". Exit code 0 only when everything ran and passed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/TestResults"

fail() {
  echo "error: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

missing=()
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(npm)
# A real Prometheus scrapes the host in the observability tests (promtool, in the same package, lints /metrics).
[ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ] || missing+=(prometheus)
# A real SMTP server (aiosmtpd) receives the end-of-shift report e-mails in the report tests.
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
if ((${#missing[@]})); then
  echo "Installing ${missing[*]} (Debian packages the tests use)..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || fail "could not install ${missing[*]}; install them with apt-get and run again"
fi

command -v dotnet >/dev/null || fail "the .NET SDK is not on PATH (see global.json for the version)"

echo "Building..."
dotnet build ControlRoom.sln -nologo -clp:ErrorsOnly || fail "the build failed"
# Fault tests start the host as real OS processes (kill -9 needs a process of its own): publish the build just made.
dotnet publish src/ControlRoom.Host -c Debug --no-build -nologo -o artifacts/host -clp:ErrorsOnly >/dev/null || fail "publishing the host for the fault tests failed"

rm -rf "$results"
projects=$(find tests -mindepth 2 -maxdepth 2 -name '*.Tests.csproj' | sort)
count=$(echo "$projects" | wc -l)
echo "Running $count test projects..."
started=$(date +%s)
dotnet test ControlRoom.sln --no-build -nologo --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=minimal" --blame-hang-timeout 10m
status=$?
elapsed=$(( $(date +%s) - started ))

passed=0; failed=0; skipped=0; reports=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  reports=$((reports + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done

# A test project that crashed leaves no report: that is a failure, not silence.
if [ "$reports" -lt "$count" ]; then
  echo "error: only $reports of $count test projects reported (a test host crashed?)" >&2
  failed=$((failed + count - reports))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "Test run took ${elapsed}s."
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
