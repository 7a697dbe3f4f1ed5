// Package vm boots small virtual machines under qemu for tent bench vm: it
// plans qemu's command line (pure: microvm, or q35 where microvm is not
// there; KVM or TCG), writes the initramfs (internal/cpio: a static busybox
// and an /init that prints a marker and sleeps), finds a kernel (--kernel,
// the host's /boot/vmlinuz-*, or Debian's linux-image fetched with apt-get
// download into a cache), and starts qemu in its own process group, timing
// the boot to the marker on the serial console. It probes /dev/kvm with a
// short boot: a nested KVM that refuses the kernel is reported, not waited
// on. Syscalls: open of /dev/kvm; fork/exec of qemu, kill of its group.
package vm
