package network

import (
	"errors"
	"os"

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
	File() (*os.File, error)
	Deleted() bool
}

type nftErr struct{ err error }

func (e nftErr) Add([]nft.Rule) error                 { return e.err }
func (e nftErr) AddPorts([]nft.Elem) error            { return e.err }
func (e nftErr) DeletePorts([]nft.Elem) error         { return e.err }
func (e nftErr) Delete(string) error                  { return e.err }
func (e nftErr) Count(string, ...string) (int, error) { return 0, e.err }
func (e nftErr) File() (*os.File, error)              { return nil, e.err }
func (e nftErr) Deleted() bool                        { return false }

// nft returns the manager's lasting nftables connection, opened on first use.
// It stays open until Close: closing it right after deleting rules would wait
// for the kernel's RCU grace period in close(2).
func (m *Manager) nft() nftRules {
	m.nftOnce.Do(func() { m.nftc, m.nftErr = nft.NewConn() })
	if m.nftErr != nil {
		return nftErr{m.nftErr}
	}
	var r nftRules = m.nftc
	if m.opts.log.On() {
		r = loggedRules{r, m.opts.log}
	}
	if m.opts.linger != nil {
		r = lingeringRules{r, m}
	}
	return r
}

// lingeringRules hands the socket to the holder after a delete that
// deleted something (lingerNFT).
type lingeringRules struct {
	nftRules
	m *Manager
}

func (l lingeringRules) DeletePorts(elems []nft.Elem) error {
	defer l.m.lingerNFT(l.nftRules)
	return l.nftRules.DeletePorts(elems)
}

func (l lingeringRules) Delete(owner string) error {
	defer l.m.lingerNFT(l.nftRules)
	return l.nftRules.Delete(owner)
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

// lingerNFT hands a copy of the nftables socket to the WithLinger holder,
// once, when r has deleted rules or elements: the socket's last close,
// which waits for the kernel to free them, then happens in the holder, not
// in this process's exit. Best effort: without it, exit waits.
func (m *Manager) lingerNFT(r nftRules) {
	if m.opts.linger == nil || !r.Deleted() {
		return
	}
	m.lingerOnce.Do(func() {
		f, err := r.File()
		if err == nil {
			err = m.opts.linger(f)
			f.Close()
		}
		if err != nil && m.opts.log.On() {
			m.opts.log.Debugf("nft socket not handed to a holder: %v", err)
		}
	})
}
