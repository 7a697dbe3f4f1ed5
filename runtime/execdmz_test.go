package runtime

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// TestDMZCodeData checks the trampoline's rip-relative operands: its two
// `lea rsi, [rip+disp32]` must reach the "0" it writes to fd 5 and
// dmzJoinMsg, and the length it writes must be the message's.
func TestDMZCodeData(t *testing.T) {
	code := dmzCodeAMD64()
	leaRSI := []byte{0x48, 0x8d, 0x35}
	var targets []string
	for i := 0; ; {
		j := bytes.Index(code[i:], leaRSI)
		if j < 0 {
			break
		}
		at := i + j
		next := at + len(leaRSI) + 4
		to := next + int(int32(binary.LittleEndian.Uint32(code[at+len(leaRSI):])))
		n := 1
		if code[next] == 0xba { // mov edx, imm32: the length written
			n = int(binary.LittleEndian.Uint32(code[next+1:]))
		}
		if to < 0 || to+n > len(code) {
			t.Fatalf("lea at %#x reaches %#x+%d, outside the code (%d bytes)", at, to, n, len(code))
		}
		targets = append(targets, string(code[to:to+n]))
		i = next
	}
	if len(targets) != 2 || targets[0] != "0" || targets[1] != dmzJoinMsg {
		t.Errorf("rip-relative operands reach %q, want [\"0\" %q]", targets, dmzJoinMsg)
	}
	if dmzJoinFD != 5 || !bytes.Contains(code, []byte{0xbf, dmzJoinFD, 0, 0, 0, 0x48, 0x8d, 0x35}) {
		t.Errorf("the write does not go to fd %d", dmzJoinFD)
	}
}
