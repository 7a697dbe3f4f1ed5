package compression

import "sync"

// chunkSize is the size of the pooled buffers that readahead decompresses
// a gzip stream into.
const chunkSize = 1 << 20

var bufPool = sync.Pool{New: func() any {
	b := make([]byte, chunkSize)
	return &b
}}

func getBuf() *[]byte  { return bufPool.Get().(*[]byte) }
func putBuf(b *[]byte) { bufPool.Put(b) }
