package rootfs

import (
	"strconv"
	"strings"
)

// Mount is one planned mount: pure data, made by planning code (Overlay,
// the engine's volumes) and executed by the runtime inside the container's
// mount namespace, so nothing stays mounted on the host when the container dies.
type Mount struct {
	Type    string   `json:"type"`              // "overlay", "bind", "tmpfs", ...
	Source  string   `json:"source"`            // device or path; "overlay" for overlayfs
	Target  string   `json:"target"`            // absolute path; for the rootfs, the rootfs dir
	Options []string `json:"options,omitempty"` // "ro", "rbind", "lowerdir=…", ...
	// Chdir, when set, is the directory the mount syscall runs from, so that
	// relative lowerdir paths keep long overlay option strings under a page.
	Chdir string `json:"chdir,omitempty"`
}

// String is the mount for logs: "source → target type flags", with
// overlay's layer list counted rather than spelled out.
func (m Mount) String() string {
	var b strings.Builder
	b.WriteString(m.Source + " → " + m.Target + " type " + m.Type)
	var opts []string
	lowers := 0
	for _, o := range m.Options {
		switch {
		case strings.HasPrefix(o, "lowerdir="):
			lowers += strings.Count(o, ":") + 1
		case strings.HasPrefix(o, "lowerdir+="):
			lowers++
		default:
			opts = append(opts, o)
		}
	}
	if lowers > 0 {
		opts = append(opts, strconv.Itoa(lowers)+" lowerdirs")
	}
	if len(opts) > 0 {
		b.WriteString(" (" + strings.Join(opts, ",") + ")")
	}
	if m.Chdir != "" {
		b.WriteString(" from " + m.Chdir)
	}
	return b.String()
}
