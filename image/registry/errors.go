package registry

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/google/go-containerregistry/pkg/v1/remote/transport"

	"github.com/tent-dev/tent/image"
)

// registryErr turns ggcr's and net's errors into one clear line.
func registryErr(what string, err error) error {
	if err == nil {
		return nil
	}
	var te *transport.Error
	if errors.As(err, &te) {
		switch te.StatusCode {
		case http.StatusUnauthorized, http.StatusForbidden:
			return fmt.Errorf("%s: %w (log in: credentials are read from ~/.docker/config.json)", what, image.ErrUnauthorized)
		case http.StatusNotFound:
			for _, d := range te.Errors {
				if d.Code == transport.NameUnknownErrorCode {
					return fmt.Errorf("%s: %w", what, image.ErrUnknownImage)
				}
			}
			return fmt.Errorf("%s: %w", what, image.ErrNoSuchTag)
		}
		return fmt.Errorf("%s: registry said %d: %w", what, te.StatusCode, err)
	}
	var ne net.Error
	var oe *net.OpError
	var de *net.DNSError
	if errors.As(err, &oe) || errors.As(err, &de) || errors.As(err, &ne) {
		return fmt.Errorf("%s: %w: %w", what, image.ErrUnreachable, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// verifyBytes checks that b hashes to sha256:wantHex.
func verifyBytes(name string, b []byte, wantHex string) error {
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != wantHex {
		return fmt.Errorf("%s: %w: got sha256:%s", name, image.ErrDigestMismatch, got)
	}
	return nil
}

// short is the 12-hex id users see.
func short(h string) string { return h[:min(12, len(h))] }
