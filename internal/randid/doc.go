// Package randid makes random identifiers (container ids, anonymous volume
// names) from the kernel's CSPRNG through getrandom(2), as crypto/rand does
// on Linux, without linking package crypto: tent-monitor, which stays
// resident beside every detached container, would otherwise carry its FIPS
// module and run its package inits.
package randid
