#!/usr/bin/env bash
# tests/deps.sh GROUP... — install the Debian/Ubuntu packages a make target
# needs, non-interactively, only those missing. Groups: test, bench, demo.
# Idempotent: when everything is there it only prints one line.
set -euo pipefail

declare -A groups=(
	# The e2e suite: registry, test image source, peers for interop, nft and ip
	# for leak checks, ruby + vagrant to lint the Vagrantfile, qemu + cpio +
	# xz/zstd (kernel modules) for the cgroup v2 VM test, curl for pulls; containerd (its CRI plugin with the CNI plugins)
	# and podman drive the runc-compatible runtime in the interop tests.
	[test]="docker-registry busybox-static ruby vagrant crun runc containerd containernetworking-plugins podman nftables skopeo umoci qemu-system-x86 cpio xz-utils zstd curl iproute2 util-linux ca-certificates"
	# make bench: the peers tent is measured against.
	[bench]="busybox-static crun runc containerd podman buildah skopeo umoci hyperfine util-linux"
	# make demo: only the busybox the demo image is made from.
	[demo]="busybox-static"
)

want=()
for g in "${@:-test}"; do
	[[ -n "${groups[$g]+x}" ]] || { echo "deps.sh: unknown group $g (test, bench, demo)" >&2; exit 2; }
	for p in ${groups[$g]}; do want+=("$p"); done
done

# retry CMD...: apt's mirrors have bad seconds; three tries, a pause between.
retry() {
	local i
	for i in 1 2 3; do
		"$@" && return 0
		[[ $i -lt 3 ]] && { echo "deps.sh: '$*' failed, retrying" >&2; sleep $((i * 5)); }
	done
	return 1
}

missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

# The package lists are refreshed every time (under a second when current):
# tests may `apt-get download` (the cgroup v2 VM test fetches Debian's kernel).
if [[ $(id -u) -ne 0 ]]; then
	if [[ ${#missing[@]} -gt 0 ]]; then
		echo "deps.sh: need root to install: ${missing[*]} (run with sudo)" >&2
		exit 1
	fi
else
	export DEBIAN_FRONTEND=noninteractive
	retry apt-get update -qq
fi
if [[ ${#missing[@]} -gt 0 ]]; then
	echo "deps.sh: installing ${missing[*]}"
	# Installing docker-registry or podman must not start services here.
	policy=/usr/sbin/policy-rc.d
	if [[ ! -e $policy ]]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
		trap 'rm -f "$policy"' EXIT
	fi
	retry apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "deps.sh: $(printf "%s\n" "${want[@]}" | sort -u | tr "\n" " ")installed"
