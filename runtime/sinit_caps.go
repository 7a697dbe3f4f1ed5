package runtime

import (
	"encoding/binary"
	"fmt"

	"github.com/moby/sys/capability"
)

// linuxCapabilityVersion3 is _LINUX_CAPABILITY_VERSION_3: capset(2) takes
// a header {u32 version, i32 pid} and two struct __user_cap_data_struct
// {u32 effective, permitted, inheritable}, caps 0-31 then 32-63.
const linuxCapabilityVersion3 = 0x20080522

// capMask is caps as a bit mask; a cap above lastCap is refused.
func capMask(caps []capability.Cap, lastCap int) (uint64, error) {
	var m uint64
	for _, c := range caps {
		if c < 0 || int(c) > lastCap {
			return 0, fmt.Errorf("capability %d: above the kernel's last, %d", int(c), lastCap)
		}
		m |= 1 << uint(c)
	}
	return m, nil
}

// capsetData is capset(2)'s header (pid 0: this thread) and data for
// the three sets.
func capsetData(effective, permitted, inheritable []capability.Cap, lastCap int) (hdr, data []byte, err error) {
	var masks [3]uint64
	for i, set := range [][]capability.Cap{effective, permitted, inheritable} {
		if masks[i], err = capMask(set, lastCap); err != nil {
			return nil, nil, err
		}
	}
	le := binary.LittleEndian
	hdr = le.AppendUint32(nil, linuxCapabilityVersion3)
	hdr = le.AppendUint32(hdr, 0)
	for _, shift := range []uint{0, 32} {
		for _, m := range masks {
			data = le.AppendUint32(data, uint32(m>>shift))
		}
	}
	return hdr, data, nil
}
