// Command tent-mkimage makes tent's offline test images from the host's
// busybox-static and writes them as a docker-archive or OCI-layout tarball,
// or pushes them to a registry.
//
//	tent-mkimage [-o out.tar] [--format docker|oci] [--ref NAME:TAG]
//	             [--push HOST:PORT/REPO:TAG] [--variant busybox|oci|zstd|big|index]
//	             [--seed N] [--size-mb N]
//
// With neither -o nor --push the archive goes to stdout. --push prints the
// pushed manifest's digest.
//
// The images come from package internal/testimage (no network, no syscalls
// beyond reading /bin/busybox and running `busybox --list`); pushing uses
// go-containerregistry's remote package, plain HTTP for loopback registries.
package main
