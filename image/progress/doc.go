// Package progress shows per-layer progress of image pulls and loads: a live
// multi-bar on a terminal (vbauerster/mpb), one plain line per finished layer
// otherwise. Its reporters satisfy image.Progress. No syscalls beyond writes
// to the given file and the terminal check (ioctl TCGETS via x/term).
package progress
