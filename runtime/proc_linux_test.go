package runtime

import "testing"

func TestParseProcStat(t *testing.T) {
	tests := []struct {
		in    string
		state byte
		start uint64
		err   bool
	}{
		{"42 (sh) S 1 42 42 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 12345 1000 100", 'S', 12345, false},
		{"7 (a) b) (c) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0", 'Z', 99, false},
		{"garbage", 0, 0, true},
	}
	for _, tt := range tests {
		st, err := parseProcStat([]byte(tt.in))
		if (err != nil) != tt.err || st.State != tt.state || st.StartTime != tt.start {
			t.Errorf("parseProcStat(%q) = %+v, %v", tt.in, st, err)
		}
	}
}
