// Package gostack grows the calling goroutine's stack ahead of need.
//
// A goroutine starts with a small stack that the Go runtime doubles by
// copying when a call needs more: each copy walks every frame on the stack,
// and for each looks up its stack maps in the binary's pclntab, pages that
// a short-lived command has not touched yet. Deep in a command (the CLI
// library, the engine, the runtime) that walk costs far more than the same
// growth done once at the top, with two frames on the stack. Grow does that:
// it makes no system call and changes nothing but the stack's size.
package gostack
