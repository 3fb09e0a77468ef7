#!/usr/bin/env bash
# `make dist-test`: the Linux package, unpacked into an empty folder, run as an officer would —
# no virtual environment, an empty HOME, PATH=/usr/bin:/bin, from a folder outside the checkout.
# The bundle is checked from outside (exit codes, output, files written); the checks that read
# JSON use the checkout's Python, which the bundle itself never sees.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
archive=$(ls "$root"/dist/naij-tracker-*-linux-*.tar.gz 2>/dev/null | head -1)
[ -n "$archive" ] || { echo "smoke_test.sh: no dist/naij-tracker-*-linux-*.tar.gz (run make dist)" >&2; exit 1; }
checker=$root/.venv/bin/python
[ -x "$checker" ] || checker=python3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/home" "$work/unpacked" "$work/out"
tar -C "$work/unpacked" -xzf "$archive"
package=$(echo "$work"/unpacked/naij-tracker-*)
app=$package/naij-tracker/naij-tracker
version=$(basename "$package" | sed -E 's/^naij-tracker-(.*)-linux-.*$/\1/')
cd "$work/out"

# The clean environment. LANG: every desktop session sets a UTF-8 locale (without one Qt
# warns and switches to C.UTF-8 itself). QT_QPA_PLATFORM: there is no display here.
clean() { env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"; }

passed=0 failed=0
ok() { echo "ok    $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1"; shift; printf '      %s\n' "$@"; failed=$((failed + 1)); }
# run NAME CMD...: runs CMD in the clean environment; its stdout in $out, stderr in $err.
run() {
  local name=$1; shift
  clean "$@" >"$work/stdout" 2>"$work/stderr"
  status=$?
  out=$(cat "$work/stdout") err=$(cat "$work/stderr")
  if [ "$status" -ne 0 ]; then fail "$name (exit $status)" "$err"; return 1; fi
}
json() {  # json EXPRESSION: evaluates EXPRESSION on the JSON in $out (as `d`); prints the result
  "$checker" -c 'import json, sys; d = json.loads(sys.stdin.read()); print(eval(sys.argv[1]))' "$@" <<<"$out"
}

db=$work/out/cases.sqlite3
if run "--version" "$app" --version; then
  [ "$out" = "naij-tracker $version" ] && ok "--version: $out" || fail "--version" "printed: $out"
fi
if run "demo" "$app" --db "$db" demo; then
  [[ $out == "Sample data loaded"* ]] && ok "demo" || fail "demo" "printed: $out"
fi
if run "info --json" "$app" --db "$db" info --json; then
  got=$(json 'd["database"] == sys.argv[2] and d["counts"]["grievance"] > 0' "$db" 2>&1)
  [ "$got" = True ] && ok "info --json" || fail "info --json" "$out"
fi
if run "deadline --json" "$app" --db "$db" deadline arbitration-exceptions --from 2026-05-07 --service mail --json; then
  # The due date itself is the domain tests' business; here: it ran and said when.
  got=$(json '__import__("datetime").date.fromisoformat(d["due"]).isoformat()' 2>&1)
  [[ $got =~ ^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]$ ]] && ok "deadline --json: due $got" || fail "deadline --json" "$out"
fi
if run "brief --out" "$app" --db "$db" brief --out "$work/out/packet.pdf"; then
  if [ "$(head -c 5 "$work/out/packet.pdf" 2>/dev/null)" = "%PDF-" ] && [ "$(stat -c %s "$work/out/packet.pdf")" -gt 20000 ]; then
    ok "brief --out: $out"
  else
    fail "brief --out" "no PDF written: $out"
  fi
fi
for ext in xlsx ods; do
  target=$work/out/import-$ext.sqlite3
  if run "import .$ext" "$app" --db "$target" import "$root/tests/data/grievances.$ext"; then
    if run "info after import .$ext" "$app" --db "$target" info --json; then
      got=$(json 'd["counts"]["grievance"]' 2>&1)
      [ "$got" = 3 ] && ok "import .$ext: 3 grievances" || fail "import .$ext" "grievances after import: $got"
    fi
  fi
done
# The PostgreSQL driver is inside: a server that is not there is a refused connection (port 9 of
# this machine's loopback), not a missing driver.
clean "$app" --db "postgresql+psycopg://naij@127.0.0.1:9/none" info >"$work/stdout" 2>"$work/stderr"
status=$?
err=$(cat "$work/stderr")
if [ "$status" -eq 1 ] && [[ $err == *"connection failed"* ]] && [[ $err != *"not installed"* ]]; then
  ok "PostgreSQL driver bundled (an absent server is one line)"
else
  fail "PostgreSQL driver (exit $status)" "$err"
fi
if run "install.sh" "$package/install.sh"; then
  installed=$work/home/.local/bin/naij-tracker
  desktop=$work/home/.local/share/applications/naij-tracker.desktop
  if run "installed --version" "$installed" --version && [ "$out" = "naij-tracker $version" ] \
     && grep -q "^Exec=\"$work/home/.local/lib/naij-tracker/naij-tracker\"" "$desktop" \
     && [ -f "$work/home/.local/share/icons/hicolor/256x256/apps/naij-tracker.png" ]; then
    if run "install.sh --uninstall" "$package/install.sh" --uninstall && [ ! -e "$installed" ] && [ ! -e "$desktop" ]; then
      ok "install.sh into ~/.local, then --uninstall"
    else
      fail "install.sh --uninstall" "left files behind"
    fi
  else
    fail "install.sh" "the installed copy, its menu entry or its icon is missing"
  fi
fi

# The window, offscreen, for 10 seconds: still running when stopped (exit 124 from timeout), a
# database created, and nothing on stderr that says error.
clean timeout 10 "$app" --db "$work/out/gui.sqlite3" >"$work/stdout" 2>"$work/stderr"
status=$?
err=$(cat "$work/stderr")
if [ "$status" -eq 124 ] && [ -f "$work/out/gui.sqlite3" ] && ! grep -qiE "error|traceback|fatal|critical|abort" "$work/stderr"; then
  ok "the window ran offscreen for 10 s${err:+ (Qt said: $(tr '\n' ' ' <"$work/stderr"))}"
else
  fail "the window offscreen (exit $status)" "$err"
fi

# And once more to its first paint, then quit (how its start-up is timed): exit 0, lock released.
clean env NAIJ_TRACKER_QUIT_AFTER_START=1 timeout 60 "$app" --db "$work/out/gui.sqlite3" >"$work/stdout" 2>"$work/stderr"
status=$?
if [ "$status" -eq 0 ] && [ ! -e "$work/out/gui.sqlite3.lock" ]; then
  ok "the window painted its first screen and closed cleanly"
else
  fail "the window's first paint (exit $status)" "$(cat "$work/stderr")"
fi

# The X11 plugin without a display (and here without two of its libraries): one line saying
# what is wrong, exit 1 — never Qt's own abort.
env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=xcb \
  "$app" --db "$work/out/gui.sqlite3" >"$work/stdout" 2>"$work/stderr"
status=$?
if [ "$status" -eq 1 ] && [ "$(wc -l <"$work/stderr")" -eq 1 ] && grep -q "^naij-tracker: the window cannot open" "$work/stderr"; then
  ok "no usable X11: $(cut -c1-110 "$work/stderr")…"
else
  fail "no usable X11 (exit $status)" "$(cat "$work/stderr")"
fi

echo "bundle: $(du -sm "$package/naij-tracker" | cut -f1) MB unpacked; $(basename "$archive"): $(du -m "$archive" | cut -f1) MB"
echo "smoke test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
