// Package layout names every path of tent's store: what lives under the
// data root (--root: images, containers, networks, the init layer) and
// under the state root (--state, a tmpfs: runtime state, netns files, the
// rootfs mountpoint). Paths are built here and nowhere else; the package
// does no I/O.
package layout
