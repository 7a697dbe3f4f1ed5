// Package cpio writes cpio "newc" archives, the format the Linux kernel
// unpacks as an initramfs: directories, regular files (copied from the host
// or given as bytes) and symlinks, owned by root, sorted so that parents come
// before their children. Pure Go; only the host files it copies are read.
package cpio
