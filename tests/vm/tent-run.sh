# tent on real cgroup v2 (sourced by init.sh stage 2; tent and the busybox
# test image are in /tests). One TENT-VM-RESULT line per check.
export TENT_ROOT=/var/lib/tent TENT_STATE=/run/tent
img=tent-test/busybox:latest
tent=/tests/tent
oneline() { tr '\n' '|' | cut -c1-400; }
check() { # check NAME WANT-RC OUTPUT RC [MUST-CONTAIN] [MUST-NOT-CONTAIN]
	if [ "$4" = "$2" ] && { [ -z "$5" ] || echo "$3" | grep -q "$5"; } && { [ -z "$6" ] || ! echo "$3" | grep -q "$6"; }; then
		result "$1" PASS "exit $4"
	else
		result "$1" FAIL "exit $4 (want $2): $(echo "$3" | oneline)"
	fi
}

out=$($tent load -i /tests/busybox.tar 2>&1)
check tent-load 0 "$out" $?
out=$($tent run --rm --network none $img sh -c 'echo hi from $(hostname)' 2>&1)
check tent-run 0 "$out" $? "hi from"

# Docker's default seccomp profile applies on v2 too: Seccomp 2, and
# unshare(CLONE_NEWUSER) is refused.
out=$($tent run --rm --network none $img sh -c 'grep "^Seccomp:" /proc/self/status; unshare -U true || echo refused' 2>&1)
check tent-run-seccomp 0 "$out" $? "refused" "Seccomp:.0"
check tent-run-seccomp-mode 0 "$out" 0 "Seccomp:.2"

# The cgroup namespace is rooted at the container's own cgroup ("0::/"),
# also when tent run spawned the init before the cgroup existed (the init
# unshares it once moved in); limits are visible at /sys/fs/cgroup.
out=$($tent run --rm --network none -m 64m $img sh -c 'cat /proc/self/cgroup; cat /sys/fs/cgroup/memory.max' 2>&1)
check tent-run-cgroupns 0 "$out" $? "^0::/$" "tent"
check tent-run-cgroupns-limit 0 "$out" $? "67108864"

# -m 32m: dd's 100 MB buffer gets it OOM-killed: 137 and OOMKilled in state.
out=$($tent run --name oom --network none -m 32m $img dd if=/dev/zero of=/dev/null bs=100M count=1 2>&1)
check tent-run-memory 137 "$out" $?
out=$($tent inspect -f '{{.State.OOMKilled}}' oom 2>&1)
check tent-run-memory-oomkilled 0 "$out" $? true
$tent rm oom >/dev/null 2>&1

# --pids-limit 20: the fork loop hits the limit before it is done.
out=$($tent run --rm --network none --pids-limit 20 $img sh -c 'for i in $(seq 50); do sleep 10 & done; echo all-forked' 2>&1)
check tent-run-pids 2 "$out" $? "can't fork" all-forked

# --cpus 0.5: cpu.max inside the container's cgroup namespace, and a
# 2-second spin that the kernel throttled.
out=$($tent run --rm --network none --cpus 0.5 $img sh -c \
	'cat /sys/fs/cgroup/cpu.max; end=$(($(date +%s)+2)); while [ $(date +%s) -lt $end ]; do :; done; grep throttled /sys/fs/cgroup/cpu.stat' 2>&1)
rc=$?
throttled=$(echo "$out" | sed -n 's/^nr_throttled //p')
if [ "$rc" = 0 ] && echo "$out" | grep -q '^50000 100000$' && [ "${throttled:-0}" -gt 0 ]; then
	result tent-run-cpus PASS "cpu.max 50000 100000, nr_throttled $throttled"
else
	result tent-run-cpus FAIL "exit $rc: $(echo "$out" | oneline)"
fi

# Device control on cgroup v2 (issue #11 item 2): container root keeps
# CAP_MKNOD and may make a node of the guest's disk (/dev/vda, which the
# host test fills with a marker), but not read or write it; /dev/null and
# /dev/zero work. The host test checks the disk is unchanged afterwards.
if [ -e /sys/block/vda/dev ]; then
	dev=$(cat /sys/block/vda/dev)
	guest=$(head -c 19 /dev/vda 2>&1)
	if [ "$guest" = TENT-VM-DISK-MARKER ]; then result tent-devices-guest-disk PASS "$dev readable outside containers"; else result tent-devices-guest-disk FAIL "guest reads $dev: $guest"; fi
	out=$($tent run --rm --network none $img sh -c "mknod /tmp/vda b ${dev%:*} ${dev#*:} && echo made;
		head -c 19 /tmp/vda; echo read=\$?; echo pwned | dd of=/tmp/vda conv=notrunc 2>&1; echo write=\$?;
		echo zero=\$(head -c 4 /dev/zero | wc -c); echo x >/dev/null && echo null-ok" 2>&1)
	rc=$?
	check tent-devices-mknod-allowed 0 "$out" $rc "^made$"
	check tent-devices-disk-read-refused 0 "$out" $rc "^read=1$" TENT-VM-DISK-MARKER
	check tent-devices-disk-write-refused 0 "$out" $rc "^write=1$"
	check tent-devices-eperm 0 "$out" $rc "Operation not permitted"
	check tent-devices-null-zero 0 "$out" $rc "^zero=4$"
	check tent-devices-null 0 "$out" $rc "^null-ok$"
else
	result tent-devices FAIL "the guest has no /dev/vda (virtio_blk not loaded?)"
fi

# tent exec on cgroup v2: the process is in the container's cgroup (the
# root of its cgroup namespace, listed in its cgroup.procs) and pid
# namespace. Under Docker's seccomp profile (clone3 refused) exec takes
# stage-2; unconfined, the fast path (clone3 with CLONE_INTO_CGROUP): the
# runtime's debug line says which.
for sec in default unconfined; do
	opt=""
	[ $sec = unconfined ] && opt="--security-opt seccomp=unconfined"
	$tent run -d --name ex-$sec --network none $opt $img sleep 1000 >/dev/null 2>&1
	out=$($tent -D exec ex-$sec sh -c 'cat /proc/self/cgroup; grep -qx $$ /sys/fs/cgroup/cgroup.procs && echo in-cgroup;
		grep "^Seccomp:" /proc/self/status; [ "$(readlink /proc/1/ns/pid)" = "$(readlink /proc/self/ns/pid)" ] && echo same-pidns' 2>&1)
	rc=$?
	check tent-exec-$sec-cgroup 0 "$out" $rc "^in-cgroup$"
	check tent-exec-$sec-cgroupns 0 "$out" $rc "^0::/$"
	check tent-exec-$sec-pidns 0 "$out" $rc "^same-pidns$"
	if [ $sec = default ]; then
		check tent-exec-default-stage2 0 "$out" $rc "stage-2: the seccomp filter does not allow" "Seccomp:.0"
	else
		check tent-exec-unconfined-fast 0 "$out" $rc "Seccomp:.0" "stage-2"
	fi
	$tent rm -f ex-$sec >/dev/null 2>&1
done

# Nothing left: no container cgroups, no state.
left=$(find /sys/fs/cgroup/tent -mindepth 1 -type d 2>/dev/null | oneline)
if [ -z "$left" ]; then result tent-cleanup PASS; else result tent-cleanup FAIL "left: $left"; fi
