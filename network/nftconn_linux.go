package network

import (
	"errors"

	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/network/nft"
)

// nftRules is what Manager needs of nftables; a failed connect is reported
// by every call.
type nftRules interface {
	Add(rules []nft.Rule) error
	AddPorts(elems []nft.Elem) error
	DeletePorts(elems []nft.Elem) error
	Delete(owner string) error
	Count(owner string, in ...string) (int, error)
}

type nftErr struct{ err error }

func (e nftErr) Add([]nft.Rule) error                 { return e.err }
func (e nftErr) AddPorts([]nft.Elem) error            { return e.err }
func (e nftErr) DeletePorts([]nft.Elem) error         { return e.err }
func (e nftErr) Delete(string) error                  { return e.err }
func (e nftErr) Count(string, ...string) (int, error) { return 0, e.err }

// nft returns the manager's lasting nftables connection, opened on first use.
// It stays open until Close: closing it right after deleting rules would wait
// for the kernel's RCU grace period in close(2).
func (m *Manager) nft() nftRules {
	m.nftOnce.Do(func() { m.nftc, m.nftErr = nft.NewConn() })
	if m.nftErr != nil {
		return nftErr{m.nftErr}
	}
	if m.opts.log.On() {
		return loggedRules{m.nftc, m.opts.log}
	}
	return m.nftc
}

// loggedRules logs each rule added and each owner's rules deleted.
type loggedRules struct {
	nftRules
	log debuglog.Log
}

func (l loggedRules) Add(rules []nft.Rule) error {
	for _, r := range rules {
		l.log.Debugf("nft add: %s", r)
	}
	return l.nftRules.Add(rules)
}

func (l loggedRules) AddPorts(elems []nft.Elem) error {
	for _, e := range elems {
		l.log.Debugf("nft add element: %s", e)
	}
	return l.nftRules.AddPorts(elems)
}

func (l loggedRules) DeletePorts(elems []nft.Elem) error {
	for _, e := range elems {
		l.log.Debugf("nft delete element: %s", e)
	}
	return l.nftRules.DeletePorts(elems)
}

func (l loggedRules) Delete(owner string) error {
	l.log.Debugf("nft delete: the rules of %s", owner)
	return l.nftRules.Delete(owner)
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
