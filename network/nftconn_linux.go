package network

import (
	"errors"

	"github.com/tent-dev/tent/network/nft"
)

// nftRules is what Manager needs of nftables; a failed connect is reported
// by every call.
type nftRules interface {
	Add(rules []nft.Rule) error
	Delete(owner string) error
	Count(owner string, in ...string) (int, error)
}

type nftErr struct{ err error }

func (e nftErr) Add([]nft.Rule) error                 { return e.err }
func (e nftErr) Delete(string) error                  { return e.err }
func (e nftErr) Count(string, ...string) (int, error) { return 0, e.err }

// nft returns the manager's lasting nftables connection, opened on first use.
// It stays open until Close: closing it right after deleting rules would wait
// for the kernel's RCU grace period (~10 ms) in close(2).
func (m *Manager) nft() nftRules {
	m.nftOnce.Do(func() { m.nftc, m.nftErr = nft.NewConn() })
	if m.nftErr != nil {
		return nftErr{m.nftErr}
	}
	return m.nftc
}

// Close releases the manager's netlink connection. It is optional: process
// exit closes it too. Call it late (not right after Detach on a hot path):
// the close waits for the kernel to finish freeing deleted rules.
func (m *Manager) Close() error {
	if m.nftc == nil {
		return nil
	}
	err := m.nftc.Close()
	m.nftc, m.nftErr = nil, errors.New("network: manager closed")
	return err
}
