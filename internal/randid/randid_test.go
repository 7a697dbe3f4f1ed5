package randid

import "testing"

func TestHex(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range []int{1, 32, 300} {
		for i := 0; i < 3; i++ {
			s, err := Hex(n)
			if err != nil || len(s) != 2*n {
				t.Fatalf("Hex(%d) = %q, %v", n, s, err)
			}
			if n >= 32 && seen[s] {
				t.Fatalf("Hex(%d) repeated %q", n, s)
			}
			seen[s] = true
		}
	}
}
