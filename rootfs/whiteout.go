package rootfs

// Whiteout names in layer tars, as in the OCI image spec: a file
// WhiteoutPrefix+NAME deletes NAME of lower layers; a file WhiteoutOpaque
// in a directory hides everything of that directory in lower layers.
const (
	WhiteoutPrefix = ".wh."
	WhiteoutOpaque = ".wh..wh..opq"
	whiteoutMeta   = ".wh..wh." // aufs metadata (.wh..wh.plnk, ...): skipped
)

// OverlayOpaqueXattr marks an overlayfs directory as opaque: the contents of
// the same directory in lower layers are hidden. Its value is "y". An
// overlayfs whiteout is a character device 0/0.
const OverlayOpaqueXattr = "trusted.overlay.opaque"
