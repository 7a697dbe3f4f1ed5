package rootfs

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
