#!/bin/busybox sh
# /init of the cgroup v2 test VM (tests/cgroupv2_test.go builds the initramfs).
# Stage 1 copies the initramfs into a tmpfs and switch_roots into it:
# pivot_root(2) refuses to move away from the initial rootfs, and tent
# pivot_roots into every container. Stage 2 mounts cgroup2 unified at
# /sys/fs/cgroup, runs the tests and powers off. Every line the host test
# reads starts with TENT-VM.
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TMPDIR=/tmp

if [ "$1" != stage2 ]; then
	echo "TENT-VM-BOOTED $(cut -d' ' -f1 /proc/uptime 2>/dev/null || echo ?)"
	mkdir -p /newroot /proc
	mount -t proc proc /proc
	mount -t tmpfs -o size=90% root /newroot
	for f in /*; do
		case $f in /newroot | /proc) ;; *) cp -a "$f" /newroot/ ;; esac
	done
	umount /proc
	exec switch_root /newroot /init stage2
fi

mkdir -p /proc /sys /dev /tmp /run /var/lib /root
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs shm /dev/shm
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
mount -t cgroup2 cgroup2 /sys/fs/cgroup
echo "TENT-VM: kernel $(uname -r), /sys/fs/cgroup has fs magic 0x$(stat -f -c %t /sys/fs/cgroup) (cgroup2: 0x63677270), controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
for m in $(cat /modules/order 2>/dev/null); do
	insmod "/modules/$m" || echo "TENT-VM: insmod $m failed"
done

result() { echo "TENT-VM-RESULT $*"; }

# 1. The cgroups package's own tests, as root, on real cgroup v2.
cd /tests
TENT_CGROUP_EXPECT=v2 ./cgroups.test -test.v -test.count=1 -test.timeout=3m >/tmp/cgroups.out 2>&1
rc=$?
sed 's/^/TENT-VM-GO /' /tmp/cgroups.out
if [ $rc = 0 ]; then result cgroups PASS; else result cgroups FAIL "exit $rc"; fi

# 1b. exec's fast path against stage-2 and its trampoline (package
# runtime), on real cgroup v2: under Docker's seccomp profile the
# trampoline joins the cgroup there. And the static init joining a network
# namespace by path, which on v2 writes no tasks files before its "J".
./runtime.test -test.v -test.count=1 -test.timeout=2m -test.run '^(TestExecFastMatchesStage2|TestDMZ|TestDMZJoinsCgroup|TestDMZNotDumpable|TestStaticInitJoinsNetns)$' >/tmp/runtime.out 2>&1
rc=$?
sed 's/^/TENT-VM-GO /' /tmp/runtime.out
if [ $rc = 0 ]; then result runtime-exec PASS; else result runtime-exec FAIL "exit $rc"; fi

# 2. tent itself, when the host test could build it and the test image.
if [ -f /tests/tent-run.sh ]; then
	. /tests/tent-run.sh
else
	result tent SKIP "$(cat /tests/tent-skip 2>/dev/null)"
fi

echo "TENT-VM-DONE"
sync
poweroff -f
