package gostack

// frameSize is Grow's frame: with what is below it at a goroutine's top
// the stack becomes 16 KiB, which `tent exec` and the exec thread never
// outgrow (they reach 8 KiB otherwise, in two copies).
const frameSize = 12 << 10

// Grow grows the calling goroutine's stack to hold frameSize more bytes
// than it holds now; call it first thing in a goroutine that will go deep.
//
//go:noinline
func Grow() {
	var frame [frameSize]byte
	keep(frame[:])
}

// keep makes frame be there: the compiler drops an array nothing reads.
//
//go:noinline
func keep([]byte) {}
