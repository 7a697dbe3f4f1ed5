package rootfs

// OverlayOpaqueXattr marks an overlayfs directory as opaque: the contents of
// the same directory in lower layers are hidden. Its value is "y".
const OverlayOpaqueXattr = "trusted.overlay.opaque"
