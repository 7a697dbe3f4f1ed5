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
# namespace, on exec's fast path; the runtime's debug log says how it
# joined the cgroup. Unconfined, the fork is a clone3 with
# CLONE_INTO_CGROUP; under Docker's seccomp profile (clone3 refused) a
# plain clone, whose trampoline moves itself into the cgroup before it runs
# the command. With cgroup2's nsdelegate (systemd mounts it so; from the
# second round on here) the kernel checks CLONE_INTO_CGROUP in the forking
# thread's cgroup namespace, the container's, where it fails: the
# trampoline joins then too (its move is checked in the namespace of tent,
# which opened cgroup.procs).
for sec in default unconfined; do
	opt=""
	[ $sec = unconfined ] && opt="--security-opt seccomp=unconfined"
	$tent run -d --name ex-$sec --network none $opt $img sleep 1000 >/dev/null 2>&1
done

# What exec costs on v2, before nsdelegate (so that unconfined takes
# clone3): the fast path under Docker's profile (the trampoline joins the
# cgroup) and unconfined (clone3 into it) against stage-2 (CAP_SYS_PTRACE
# sends exec there), interleaved, medians of 15. Reported, not asserted
# (TCG and a shared host make it noisy).
$tent run -d --name ex-stage2 --network none --cap-add SYS_PTRACE $img sleep 1000 >/dev/null 2>&1
out=$($tent -D exec ex-stage2 true 2>&1)
check tent-exec-stage2-ptrace 0 "$out" $? "stage-2: CAP_SYS_PTRACE"
now() { sed -n 's/^now at \([0-9]*\) nsecs$/\1/p;/^now at/q' /proc/timer_list; } # ns, monotonic
: >/tmp/t.default
: >/tmp/t.unconfined
: >/tmp/t.stage2
for i in $(seq 15); do
	for c in default unconfined stage2; do
		t0=$(now)
		$tent exec ex-$c true
		t1=$(now)
		echo $(((t1 - t0) / 1000)) >>/tmp/t.$c
	done
done
med() { sort -n /tmp/t.$1 | sed -n 8p; }
result tent-exec-time PASS "tent exec true, median of 15 (us): fast path, trampoline joins (Docker's profile) $(med default), fast path, clone3 (unconfined) $(med unconfined), stage-2 $(med stage2)"
$tent rm -f ex-stage2 >/dev/null 2>&1

for mnt in plain nsdelegate; do
	[ $mnt = nsdelegate ] && { mount -o remount,nsdelegate /sys/fs/cgroup || result tent-exec-nsdelegate FAIL "remount failed"; }
	for sec in default unconfined; do
		out=$($tent -D exec ex-$sec sh -c 'cat /proc/self/cgroup; grep -qx $$ /sys/fs/cgroup/cgroup.procs && echo in-cgroup;
			grep "^Seccomp:" /proc/self/status; [ "$(readlink /proc/1/ns/pid)" = "$(readlink /proc/self/ns/pid)" ] && echo same-pidns' 2>&1)
		rc=$?
		check tent-exec-$sec-$mnt-cgroup 0 "$out" $rc "^in-cgroup$"
		check tent-exec-$sec-$mnt-cgroupns 0 "$out" $rc "^0::/$"
		check tent-exec-$sec-$mnt-pidns 0 "$out" $rc "^same-pidns$"
		how="the trampoline joins the cgroup" mode=2
		[ $sec$mnt = unconfinedplain ] && how="clone3 into the cgroup"
		[ $sec = unconfined ] && mode=0
		check tent-exec-$sec-$mnt-fast 0 "$out" $rc "fast path: $how" "stage-2"
		check tent-exec-$sec-$mnt-seccomp 0 "$out" $rc "Seccomp:.$mode"
	done
done

for c in ex-default ex-unconfined; do $tent rm -f $c >/dev/null 2>&1; done

# The container's limits hold for an exec'd process on that path: a fork
# loop stops at --pids-limit, a 100 MB buffer is OOM-killed under -m 32m.
$tent run -d --name ex-lim --network none --pids-limit 20 -m 32m $img sleep 1000 >/dev/null 2>&1
out=$($tent -D exec ex-lim sh -c 'for i in $(seq 50); do sleep 10 & done; echo all-$((50))' 2>&1)
rc=$?
check tent-exec-pids 2 "$out" $rc "can't fork" "^all-50$"
check tent-exec-pids-fast 2 "$out" $rc "fast path: the trampoline" "stage-2"
out=$($tent -D exec ex-lim dd if=/dev/zero of=/dev/null bs=100M count=1 2>&1)
check tent-exec-memory 137 "$out" $? "fast path: the trampoline" "stage-2"
out=$($tent exec ex-lim grep oom_kill /sys/fs/cgroup/memory.events 2>&1)
check tent-exec-memory-oomkill 0 "$out" $? "^oom_kill [1-9]"
$tent rm -f ex-lim >/dev/null 2>&1

# CVE-2019-5736 on the fast path (tests/escape_exe_test.go's
# TestEscapeExeExecFast): execs, some of a `#!/proc/self/exe` script, while
# /attack loops over /proc/*/exe and tries to open each for writing.
if [ -x /tests/exeattack ]; then
	printf '#!/proc/self/exe\n' >/tmp/x.sh
	chmod 755 /tmp/x.sh
	$tent run -d --name ex-attack --network none -v /tests/exeattack:/attack:ro -v /tmp/x.sh:/x.sh:ro \
		$img /attack -for 8s -want 1000000 >/dev/null 2>&1
	bad="" n=0 end=$(($(date +%s) + 6))
	while [ "$(date +%s)" -lt $end ] && [ -z "$bad" ]; do
		$tent exec ex-attack /x.sh >/dev/null 2>&1
		rc=$?
		[ $rc = 126 ] || bad="/x.sh: exit $rc, want 126 (the trampoline refuses to be an interpreter)"
		$tent exec ex-attack true || bad="exec true failed"
		n=$((n + 1))
	done
	$tent wait ex-attack >/dev/null 2>&1
	report=$($tent logs ex-attack 2>&1)
	done=$(echo "$report" | grep '^done ')
	if [ -n "$bad" ]; then
		result tent-exec-escape-exe FAIL "$bad"
	elif ! echo "$done" | grep -q 'writable=0$' || echo "$report" | grep -q WRITABLE; then
		pids=$(echo "$report" | awk '/^WRITABLE/ { printf "%s|", $2 }')
		result tent-exec-escape-exe FAIL "an exe was opened for writing: $(echo "$report" | awk -v p="|$pids" 'index(p, "|" $2 "|") || /^done/' | oneline)"
	elif echo "$done" | grep -q 'seen=0 '; then
		result tent-exec-escape-exe FAIL "the attacker saw no exec'd process (proves nothing): $done"
	elif echo "$report" | grep '^final ' | grep -qv ' EROFS$'; then
		result tent-exec-escape-exe FAIL "a held exe reopened: $(echo "$report" | grep '^final ' | grep -v ' EROFS$' | oneline)"
	else
		result tent-exec-escape-exe PASS "$n rounds; $done"
	fi
	$tent rm -f ex-attack >/dev/null 2>&1
else
	result tent-exec-escape-exe FAIL "no /tests/exeattack"
fi

# Nothing left: no container cgroups, no state.
left=$(find /sys/fs/cgroup/tent -mindepth 1 -type d 2>/dev/null | oneline)
if [ -z "$left" ]; then result tent-cleanup PASS; else result tent-cleanup FAIL "left: $left"; fi
