package bufpool

import "sync"

// Size is the length of every pooled buffer: large enough that a typical
// file is one write.
const Size = 1 << 20

var pool = sync.Pool{New: func() any {
	b := make([]byte, Size)
	return &b
}}

// Get returns a buffer of len Size; its content is undefined.
func Get() *[]byte { return pool.Get().(*[]byte) }

// Put returns b to the pool; a buffer of another length (resliced by the
// caller) is dropped, so Get always gives Size bytes.
func Put(b *[]byte) {
	if b == nil || len(*b) != Size {
		return
	}
	pool.Put(b)
}
