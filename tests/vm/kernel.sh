#!/usr/bin/env bash
# tests/vm/kernel.sh — fetch Debian's current kernel for the cgroup v2 VM test,
# without installing it: `apt-get download linux-image-<version>-amd64` into a
# cache dir, extract vmlinuz and the few modules the VM needs with dpkg-deb -x,
# decompress them (busybox insmod has no xz), and print where they are:
#
#   KERNEL=/var/cache/tent-test/linux-image-6.1.0-56-amd64/vmlinuz
#   MODULES=/var/cache/tent-test/linux-image-6.1.0-56-amd64/modules   (load in the order of modules/order)
#   VERSION=6.1.0-56-amd64
#
# --offline (what the Go test uses: tests never reach the network) only uses
# the cache: the current version's deb or, failing that, the newest kernel
# already extracted there; it fails when there is none.
#
# Idempotent: a second run only prints. Cache: $TENT_VM_CACHE, else
# $XDG_CACHE_HOME/tent-test, else /var/cache/tent-test (root) or ~/.cache/tent-test.
# Needs network access to the Debian mirror only on the first run (apt-get
# update must have run: tests/deps.sh does).
set -euo pipefail

offline=false
[[ ${1:-} == --offline ]] && offline=true

# overlayfs is =m on Debian; cgroup2, namespaces, veth-less runs need nothing
# else; virtio_pci and virtio_blk give the guest a disk (the device-control check).
want_modules=(overlay virtio_pci virtio_blk)

if [[ -n ${TENT_VM_CACHE:-} ]]; then cache=$TENT_VM_CACHE
elif [[ -n ${XDG_CACHE_HOME:-} ]]; then cache=$XDG_CACHE_HOME/tent-test
elif [[ $(id -u) -eq 0 ]]; then cache=/var/cache/tent-test
else cache=$HOME/.cache/tent-test
fi

pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}' || true)
if $offline && { [[ -z $pkg ]] || { [[ ! -s $cache/$pkg/vmlinuz ]] && ! ls "$cache"/"$pkg"_*.deb >/dev/null 2>&1; }; }; then
	# not the current version: the newest one already extracted, if any
	newest=$(ls -d "$cache"/linux-image-*/ 2>/dev/null | sort -V | tail -n1 || true)
	if [[ -n $newest && -s $newest/vmlinuz ]]; then pkg=$(basename "$newest"); fi
fi
if [[ -z $pkg ]]; then
	echo "kernel.sh: apt-cache knows no linux-image-amd64 dependency (run apt-get update)" >&2
	exit 1
fi
version=${pkg#linux-image-}
dir=$cache/$pkg

# add_module MODDIR OUT NAME: decompress NAME.ko (and first what it depends
# on, per its .modinfo depends=) into OUT, appending to OUT/order. The deb has no modules.dep.
add_module() {
	local moddir=$1 out=$2 m=$3 src dep
	grep -qx "$m.ko" "$out/order" 2>/dev/null && return 0
	src=$(find "$moddir" -name "$m.ko" -o -name "$m.ko.*" | head -n1)
	[[ -n $src ]] || { echo "kernel.sh: module $m not found (built in?)" >&2; return 0; }
	case $src in
	*.xz) xz -dc "$src" >"$out/$m.ko" ;;
	*.zst) zstd -qdc "$src" >"$out/$m.ko" ;;
	*.gz) gzip -dc "$src" >"$out/$m.ko" ;;
	*) cp "$src" "$out/$m.ko" ;;
	esac
	for dep in $(tr "\0" "\n" <"$out/$m.ko" | sed -n "s/^depends=//p" | tr "," " "); do
		add_module "$moddir" "$out" "$dep"
	done
	echo "$m.ko" >>"$out/order"
}

missing_module() {
	local m
	for m in "${want_modules[@]}"; do
		grep -qx "$m.ko" "$dir/modules/order" 2>/dev/null || return 0
	done
	return 1
}

if [[ ! -s $dir/vmlinuz ]] || missing_module; then
	mkdir -p "$cache"
	if ! ls "$cache"/"$pkg"_*.deb >/dev/null 2>&1; then
		if $offline; then
			echo "kernel.sh: $pkg is not in $cache (--offline): run tests/vm/kernel.sh once" >&2
			exit 1
		fi
		(cd "$cache" && apt-get download -q "$pkg" >&2) || {
			echo "kernel.sh: apt-get download $pkg failed" >&2
			exit 1
		}
	fi
	deb=$(ls "$cache"/"$pkg"_*.deb | head -n1)
	tmp=$(mktemp -d "$cache/extract.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	dpkg-deb -x "$deb" "$tmp"
	moddir=$tmp/lib/modules/$version
	[[ -d $moddir ]] || moddir=$tmp/usr/lib/modules/$version
	rm -rf "$dir.new" && mkdir -p "$dir.new/modules"
	cp "$tmp/boot/vmlinuz-$version" "$dir.new/vmlinuz"
	: >"$dir.new/modules/order"
	for m in "${want_modules[@]}"; do
		add_module "$moddir" "$dir.new/modules" "$m"
	done
	rm -rf "$dir" && mv "$dir.new" "$dir"
fi
echo "KERNEL=$dir/vmlinuz"
echo "MODULES=$dir/modules"
echo "VERSION=$version"
