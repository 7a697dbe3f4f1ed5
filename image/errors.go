package image

import (
	"errors"
	"fmt"
	"syscall"
)

// Errors a caller may test with errors.Is; each is wrapped with context.
// Package image/registry returns the registry ones (ErrUnauthorized,
// ErrUnreachable, ErrNoSuchTag, ErrUnknownImage, ErrNoPlatform).
var (
	ErrDigestMismatch = errors.New("digest mismatch")
	ErrUnauthorized   = errors.New("unauthorized")
	ErrUnreachable    = errors.New("registry unreachable")
	ErrNoSuchTag      = errors.New("no such image or tag (manifest unknown)")
	ErrUnknownImage   = errors.New("unknown image (no such repository)")
	ErrNoPlatform     = errors.New("no manifest for platform")
	ErrDiskFull       = errors.New("disk full")
	ErrInUse          = errors.New("image is in use by a container")
	ErrBadDescriptor  = errors.New("invalid descriptor")
	ErrSizeMismatch   = errors.New("blob size does not match its descriptor")
)

// DiskErr marks ENOSPC and EDQUOT as ErrDiskFull.
func DiskErr(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	return err
}
