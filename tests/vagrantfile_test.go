package tests

import (
	"os"
	"os/exec"
	"testing"
)

// TestVagrantfile lints the workshop VM's Vagrantfile: Ruby's syntax check,
// then vagrant's own validation of the configuration (offline: it reads the
// file and checks every setting's name and value; --ignore-provider because
// neither VirtualBox nor libvirt is installed here). Both come from Debian's
// ruby and vagrant packages (tests/deps.sh).
func TestVagrantfile(t *testing.T) {
	for _, c := range [][]string{
		{"ruby", "-c", "Vagrantfile"},
		{"vagrant", "validate", "--ignore-provider"},
	} {
		if _, err := exec.LookPath(c[0]); err != nil {
			t.Fatalf("%s is not installed (tests/deps.sh installs it): %v", c[0], err)
		}
		cmd := exec.Command(c[0], c[1:]...)
		cmd.Dir = ".."
		cmd.Env = append(os.Environ(), "VAGRANT_CHECKPOINT_DISABLE=1", "VAGRANT_HOME="+t.TempDir())
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%v: %v\n%s", c, err, out)
		}
	}
}
