#!/usr/bin/env bash
# Runs every test on a fresh Debian machine with the .NET SDK: installs what the tests need (Chromium for the browser
# tests, PostgreSQL for the storage tests, Node.js for the MLflow client test), starts a throwaway PostgreSQL, runs `dotnet test`, and prints
# `N passed, N failed` last.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} …"
  as_root apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A throwaway PostgreSQL on a private port, owned by the postgres user, removed on exit.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/lodestone-pg.XXXXXX)
pg_port=${LODESTONE_PG_PORT:-55432}
chmod 755 "$pg_dir"
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_dir"
cleanup() { pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_dir"; }
trap cleanup EXIT
if pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust >/dev/null 2>&1 &&
   pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
      -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir -c fsync=off -c max_connections=200" start >/dev/null; then
  export LODESTONE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres"
  echo "PostgreSQL for the tests on port $pg_port."
else
  echo "PostgreSQL did not start; its tests will be skipped." >&2
  cat "$pg_dir/log" >&2 2>/dev/null
fi

results="$root/TestResults"
rm -rf "$results"
dotnet test Lodestone.slnx --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${s:-0}))
done
# A build failure or a crashed test host runs nothing: count it as a failure rather than print a clean zero.
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
