#!/usr/bin/env bash
# tests/demo.sh — the workshop demo behind `sudo make demo`: a container is a
# process in new namespaces, on an overlay of image layers, under cgroup limits.
# Offline: the image is made from the host's busybox-static by tent-mkimage.
#
# Env: TENT_BIN_DIR (default bin/), TENT_ROOT / TENT_STATE (tent's defaults:
# /var/lib/tent and /run/tent, so the image stays for you to play with),
# DEMO_PAUSE=1 to wait for Enter between steps (on a terminal).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(realpath "${TENT_BIN_DIR:-bin}")
export PATH="$BIN:$PATH" # so the commands shown read as a user types them
TENT=tent
MKIMAGE=tent-mkimage
IMG=tent-demo/busybox:latest

if [[ -t 1 ]]; then B=$'\e[1m' D=$'\e[2m' G=$'\e[32m' R=$'\e[31m' N=$'\e[0m'; else B= D= G= R= N=; fi
say() { printf '\n%s== %s%s\n' "$B" "$*" "$N"; }
explain() { printf '%s%s%s\n' "$D" "$*" "$N"; }
pause() { if [[ "${DEMO_PAUSE:-}" == 1 && -t 0 ]]; then read -r -p "[Enter] " _; fi; }
failed=0
# show CMD...: print the command, run it, report its exit code.
show() {
	local shown=() a
	for a in "$@"; do
		if [[ $a =~ [^A-Za-z0-9_./:=,+-] ]]; then shown+=("'$a'"); else shown+=("$a"); fi
	done
	printf '%s$ %s%s\n' "$G" "${shown[*]}" "$N" >&2 # shown even when stdout is not
	set +e
	"$@"
	rc=$?
	set -e
	return "$rc"
}
bad() { printf '%s!! %s%s\n' "$R" "$*" "$N"; failed=$((failed + 1)); }

[[ $(id -u) -eq 0 ]] || { echo "demo: needs root (sudo make demo)" >&2; exit 1; }
for b in "$TENT" "$MKIMAGE"; do
	[[ -x $BIN/$b ]] || { echo "demo: $BIN/$b not built (make build)" >&2; exit 1; }
done

say "1. An image, made offline"
explain "An image is a stack of tar layers plus a JSON config. tent-mkimage writes one from this"
explain "host's static busybox (no registry needed); 'tent load' unpacks each layer once."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; "$TENT" rm -f tent-demo-sleeper tent-demo-hog >/dev/null 2>&1 || true' EXIT
show "$MKIMAGE" -o "$tmp/demo.tar" --ref "$IMG" || { bad "tent-mkimage failed"; exit 1; }
show "$TENT" load -i "$tmp/demo.tar" || { bad "tent load failed"; exit 1; }
pause

say "2. PID namespace: the container's first process is PID 1"
explain "The host has $(ls /proc | grep -c '^[0-9]') processes. Inside, ps sees only the container's own:"
show "$TENT" run --rm "$IMG" ps || bad "run ps failed"
explain "No host process is visible — the kernel gives the container a fresh PID numbering."
explain "The same process seen from both sides: a detached container running sleep,"
if show "$TENT" run -d --name tent-demo-sleeper "$IMG" sleep 60; then
	show "$TENT" exec tent-demo-sleeper ps || bad "exec ps failed"
	explain "is PID 1 inside, and an ordinary process with another PID on the host:"
	show "$TENT" top tent-demo-sleeper || bad "top failed"
	show "$TENT" rm -f tent-demo-sleeper >/dev/null || bad "rm -f failed"
else
	bad "run -d failed"
fi
pause

say "3. UTS namespace: its own hostname"
explain "The host is called '$(hostname)'. The container gets the short container id:"
show "$TENT" run --rm "$IMG" hostname || bad "run hostname failed"
pause

say "4. Mount namespace: its own root, an overlay of the image's layers"
explain "The image layers are read-only lowerdirs; the container writes to its own upperdir."
show "$TENT" run --rm "$IMG" sh -c 'df -h /; touch /i-was-here && ls -l /i-was-here' ||
	bad "run mounts failed"
explain "That file lives only in this container's upper dir; the image is unchanged:"
if show "$TENT" run --rm "$IMG" sh -c 'ls /i-was-here 2>/dev/null'; then bad "the file leaked into the image"; else
	explain "(not found: each container starts from the image again)"; fi
pause

say "5. cgroups: a memory limit the kernel enforces"
explain "-m 32m puts the container in a memory cgroup capped at 32 MiB. 'tail /dev/zero' keeps"
explain "one ever-growing line in memory, so the kernel's OOM killer stops it with SIGKILL:"
rc=0
show "$TENT" run --name tent-demo-hog -m 32m "$IMG" tail /dev/zero || rc=$?
if [[ $rc -eq 137 ]]; then
	explain "exit code 137 = 128 + 9 (SIGKILL). The container's state says why:"
	show "$TENT" inspect -f '{{.State.OOMKilled}}' tent-demo-hog || bad "inspect failed"
else
	bad "expected exit code 137 (OOM kill), got $rc"
fi
"$TENT" rm -f tent-demo-hog >/dev/null 2>&1 || true

pause

say "6. Where the time goes"
explain "--trace prints every step of a run with its duration: image, record, spec, the runtime's"
explain "cgroup and clone, the init's mounts and pivot_root inside the new namespaces, then teardown."
show "$TENT" run --rm --trace --network none "$IMG" true || bad "run --trace failed"

say "Done"
if [[ $failed -gt 0 ]]; then
	echo "${R}$failed step(s) did not do what they should.${N}"
	exit 1
fi
explain "The image stays in ${TENT_ROOT:-/var/lib/tent}: try 'sudo $(realpath --relative-to=. "$BIN")/tent run --rm -it $IMG sh'"
explain "(or 'sudo make install' first), and 'tent run --trace ...' to see every step with its time."
