//go:build !windows

package layout

import (
	"errors"
	"syscall"
)

// crossDevice reports whether a rename failed because its two paths are
// on different file systems.
func crossDevice(err error) bool { return errors.Is(err, syscall.EXDEV) }
