// Package vm boots Debian's kernel under qemu with a test initramfs, so tent's
// cgroup v2 code runs on a real cgroup v2 kernel from a v1 host. kernel.sh
// fetches the kernel; init.sh and tent-run.sh are the guest's scripts.
package vm
