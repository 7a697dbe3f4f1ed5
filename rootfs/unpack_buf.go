package rootfs

import "sync"

// chunkSize is the size of the pooled buffers used to copy file contents
// and to decompress ahead: large enough that a typical file is one write.
const chunkSize = 1 << 20

var bufPool = sync.Pool{New: func() any {
	b := make([]byte, chunkSize)
	return &b
}}

func getBuf() *[]byte  { return bufPool.Get().(*[]byte) }
func putBuf(b *[]byte) { bufPool.Put(b) }
