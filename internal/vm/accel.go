package vm

import (
	"fmt"
	"strings"
)

// Accel modes a user can ask for.
const Auto = "auto"

// Choice is the accelerator picked and why, e.g. "tcg: kvm refused: …".
type Choice struct {
	Accel string
	Why   string
}

// String is "accel" or "accel: why".
func (c Choice) String() string {
	if c.Why == "" {
		return c.Accel
	}
	return c.Accel + ": " + c.Why
}

// Decide picks the accelerator from what was asked (Auto, KVM, TCG),
// whether /dev/kvm opened (kvmErr nil) and, when it did and a probe boot
// ran, the probe's error (nil: the guest reached its marker under KVM).
// probed is false when no probe ran. Pure: Pick runs the probe.
func Decide(want string, kvmErr error, probed bool, probeErr error) (Choice, error) {
	switch want {
	case TCG:
		return Choice{TCG, "asked for"}, nil
	case KVM, Auto:
	default:
		return Choice{}, fmt.Errorf("--accel %q: want auto, kvm or tcg", want)
	}
	refused := ""
	switch {
	case kvmErr != nil:
		refused = fmt.Sprintf("kvm unusable: %v", kvmErr)
	case !probed:
		return Choice{}, fmt.Errorf("vm: kvm opens but was not probed")
	case probeErr != nil:
		refused = "kvm refused: " + oneLine(probeErr.Error())
	default:
		return Choice{Accel: KVM}, nil
	}
	if want == KVM {
		return Choice{}, fmt.Errorf("--accel kvm: %s", refused)
	}
	return Choice{TCG, refused}, nil
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
