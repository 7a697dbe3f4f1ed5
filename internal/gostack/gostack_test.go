package gostack

import (
	"runtime"
	"testing"
)

// TestGrow checks that Grow is harmless where it is called (nothing leaks,
// nothing changes) at any depth, in a fresh goroutine and in a deep one.
func TestGrow(t *testing.T) {
	for _, depth := range []int{0, 1, 100} {
		done := make(chan int)
		go func() { done <- recurse(depth) }()
		if got := <-done; got != depth {
			t.Errorf("depth %d: recursion returned %d", depth, got)
		}
	}
	runtime.GC() // a shrink of the grown stacks must not fail either
}

func recurse(n int) int {
	if n == 0 {
		Grow()
		return 0
	}
	return recurse(n-1) + 1
}
