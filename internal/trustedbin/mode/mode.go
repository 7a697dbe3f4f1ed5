// Package mode is trustedbin's decision, pure and with no dependency but
// errors, so that a package initialized before os (earlymon) can use it.
package mode

import "errors"

// Why a binary is not trusted (wrapped with its path by trustedbin.Check).
var (
	ErrNotExecutable = errors.New("not an executable file")
	ErrWritable      = errors.New("writable by group or others")
	ErrOwner         = errors.New("not owned by root")
)

const (
	modeType = 0o170000 // S_IFMT
	modeReg  = 0o100000 // S_IFREG
)

// Check judges a file from its stat(2) st_mode and st_uid, for a process
// whose effective uid is euid.
func Check(mode, uid uint32, euid int) error {
	switch {
	case mode&modeType != modeReg || mode&0o111 == 0:
		return ErrNotExecutable
	case mode&0o022 != 0:
		return ErrWritable
	case uid != 0 && int64(uid) != int64(euid):
		return ErrOwner
	}
	return nil
}
