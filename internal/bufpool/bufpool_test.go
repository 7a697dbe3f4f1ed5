package bufpool

import "testing"

func TestGetPut(t *testing.T) {
	short := make([]byte, 10)
	resliced := make([]byte, Size)[:Size/2]
	tests := []struct {
		name string
		put  *[]byte
	}{
		{"nothing put", nil},
		{"a pooled buffer", Get()},
		{"a short buffer is dropped", &short},
		{"a resliced buffer is dropped", &resliced},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			Put(tt.put)
			for range 3 {
				b := Get()
				if b == nil || len(*b) != Size {
					t.Fatalf("Get: %p, want a buffer of %d bytes", b, Size)
				}
				defer Put(b)
			}
		})
	}
}
