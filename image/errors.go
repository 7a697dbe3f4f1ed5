package image

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"

	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// Errors a caller may test with errors.Is; each is wrapped with context.
var (
	ErrDigestMismatch = errors.New("digest mismatch")
	ErrUnauthorized   = errors.New("unauthorized")
	ErrUnreachable    = errors.New("registry unreachable")
	ErrNoSuchTag      = errors.New("no such image or tag (manifest unknown)")
	ErrUnknownImage   = errors.New("unknown image (no such repository)")
	ErrNoPlatform     = errors.New("no manifest for platform")
	ErrDiskFull       = errors.New("disk full")
	ErrInUse          = errors.New("image is in use by a container")
)

// diskErr marks ENOSPC and EDQUOT as ErrDiskFull.
func diskErr(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	return err
}

// registryErr turns ggcr's and net's errors into one clear line.
func registryErr(what string, err error) error {
	if err == nil {
		return nil
	}
	var te *transport.Error
	if errors.As(err, &te) {
		switch te.StatusCode {
		case http.StatusUnauthorized, http.StatusForbidden:
			return fmt.Errorf("%s: %w (log in: credentials are read from ~/.docker/config.json)", what, ErrUnauthorized)
		case http.StatusNotFound:
			for _, d := range te.Errors {
				if d.Code == transport.NameUnknownErrorCode {
					return fmt.Errorf("%s: %w", what, ErrUnknownImage)
				}
			}
			return fmt.Errorf("%s: %w", what, ErrNoSuchTag)
		}
		return fmt.Errorf("%s: registry said %d: %w", what, te.StatusCode, err)
	}
	var ne net.Error
	var oe *net.OpError
	var de *net.DNSError
	if errors.As(err, &oe) || errors.As(err, &de) || errors.As(err, &ne) {
		return fmt.Errorf("%s: %w: %w", what, ErrUnreachable, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}
